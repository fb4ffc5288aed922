package io.optim4rl.agents.ppo;

import io.optim4rl.envs.control.ContinuousVecEnv;
import java.util.SplittableRandom;

/**
 * Collects PPO training data (brax's {@code generate_unroll} scanned over unrolls): with the current
 * parameters and normaliser, the stochastic tanh-Normal policy acts in all envs for {@code unrolls}
 * unrolls of {@code steps} steps, continuing the envs' episodes across calls.
 *
 * <p>Per step and env: observe, normalise, run the policy, draw {@code eps ~ N(0, 1)} per action component
 * from {@code rng} (env-major, then component), {@code u = loc + scale eps}, act with {@code tanh(u)} and
 * record {@code log p(u)} ({@link TanhNormal}). A mutable workspace bound to one env; not thread-safe.
 */
public final class PpoRollout {

  private final ContinuousVecEnv env;
  private final PpoNetworks nets;
  private final int numEnvs;
  private final float[] obs;
  private final float[] normalized;
  private final float[] actions;
  private final float[] rewards;
  private final boolean[] terminated;
  private final boolean[] truncated;
  private final Mlp.Tape tape;
  private final float[] sampled;
  private final double[] sampledLogProb;

  /** A collector for {@code env} (stepped in place from its current states) and networks {@code nets}. */
  public PpoRollout(ContinuousVecEnv env, PpoNetworks nets) {
    if (env.observationSize() != nets.observationSize() || env.actionSize() != nets.actionSize()) {
      throw new IllegalArgumentException("env " + env.taskName() + " has observations of " + env.observationSize()
          + " and actions of " + env.actionSize() + " but the networks expect " + nets.observationSize() + " and "
          + nets.actionSize());
    }
    this.env = env;
    this.nets = nets;
    this.numEnvs = env.numEnvs();
    this.obs = new float[numEnvs * nets.observationSize()];
    this.normalized = new float[obs.length];
    this.actions = new float[numEnvs * nets.actionSize()];
    this.rewards = new float[numEnvs];
    this.terminated = new boolean[numEnvs];
    this.truncated = new boolean[numEnvs];
    this.tape = nets.policy().newTape(numEnvs);
    this.sampled = new float[actions.length];
    this.sampledLogProb = new double[numEnvs];
  }

  /** A buffer for {@code unrolls} unrolls of {@code steps} steps of this rollout's envs. */
  public PpoBatch newBatch(int unrolls, int steps) {
    return new PpoBatch(unrolls * numEnvs, steps, nets.observationSize(), nets.actionSize());
  }

  /** Fills {@code batch} ({@code batch.numTrajectories() / numEnvs} unrolls) by acting in the env. */
  public void collectInPlace(float[] params, RunningStatistics stats, SplittableRandom rng, PpoBatch batch) {
    if (batch.numTrajectories() % numEnvs != 0) {
      throw new IllegalArgumentException("batch of " + batch.numTrajectories() + " trajectories is not a whole "
          + "number of unrolls of " + numEnvs + " envs");
    }
    int unrolls = batch.numTrajectories() / numEnvs;
    int steps = batch.steps();
    int o = nets.observationSize();
    int a = nets.actionSize();
    for (int u = 0; u < unrolls; u++) {
      for (int t = 0; t < steps; t++) {
        env.observe(obs, 0);
        act(params, stats, rng);
        for (int e = 0; e < numEnvs; e++) {
          int i = (u * numEnvs + e) * steps + t;
          System.arraycopy(obs, e * o, batch.observations, i * o, o);
          System.arraycopy(sampled, e * a, batch.rawActions, i * a, a);
          batch.logProbs[i] = sampledLogProb[e];
        }
        env.step(actions, rewards, terminated, truncated);
        for (int e = 0; e < numEnvs; e++) {
          int i = (u * numEnvs + e) * steps + t;
          batch.rewards[i] = rewards[e];
          batch.termination[i] = terminated[e];
          batch.truncation[i] = truncated[e];
        }
      }
      env.observe(batch.lastObservations, u * numEnvs * o);
    }
  }

  /** Samples actions for the observations in {@code obs} into {@code actions}, {@code sampled}, log-probs. */
  private void act(float[] params, RunningStatistics stats, SplittableRandom rng) {
    sampleActions(nets, tape, params, stats, obs, numEnvs, rng, normalized, sampled, sampledLogProb, actions);
  }

  /**
   * The stochastic policy on {@code rows} raw observations: writes the pre-tanh samples, their log-probs
   * and the actions {@code tanh(u)}. Shared with {@link PpoEvaluator}.
   */
  static void sampleActions(PpoNetworks nets, Mlp.Tape tape, float[] params, RunningStatistics stats,
      float[] obs, int rows, SplittableRandom rng, float[] normalized, float[] rawOut, double[] logProbOut,
      float[] actionsOut) {
    int a = nets.actionSize();
    stats.normalize(obs, 0, normalized, 0, rows);
    nets.policy().forward(params, normalized, 0, rows, tape);
    float[] out = tape.output();
    for (int e = 0; e < rows; e++) {
      double logp = 0;
      for (int d = 0; d < a; d++) {
        double loc = out[e * 2 * a + d];
        double raw = out[e * 2 * a + a + d];
        float u = (float) TanhNormal.sample(loc, raw, rng.nextGaussian());
        rawOut[e * a + d] = u;
        logp += TanhNormal.logProb(loc, raw, u);
        actionsOut[e * a + d] = (float) Math.tanh(u);
      }
      logProbOut[e] = logp;
    }
  }
}
