package io.optim4rl.agents.ppo;

import io.optim4rl.envs.control.ContinuousVecEnv;
import java.util.SplittableRandom;

/**
 * brax's evaluator (REFERENCE 3.6): every env of {@code evalEnv} is reset and runs ONE episode with the
 * stochastic policy, ended by termination, truncation or {@code maxSteps}; the result is the mean
 * unscaled episode return over the envs.
 */
public final class PpoEvaluator {

  private PpoEvaluator() {}

  /** The mean episode return of one episode per env of {@code evalEnv}. */
  public static double evaluate(ContinuousVecEnv evalEnv, PpoNetworks nets, float[] params,
      RunningStatistics stats, int maxSteps, SplittableRandom rng) {
    int n = evalEnv.numEnvs();
    int a = nets.actionSize();
    float[] obs = new float[n * nets.observationSize()];
    float[] normalized = new float[obs.length];
    float[] raw = new float[n * a];
    double[] logp = new double[n];
    float[] actions = new float[n * a];
    float[] rewards = new float[n];
    boolean[] terminated = new boolean[n];
    boolean[] truncated = new boolean[n];
    boolean[] running = new boolean[n];
    double[] returns = new double[n];
    Mlp.Tape tape = nets.policy().newTape(n);
    evalEnv.resetAll();
    java.util.Arrays.fill(running, true);
    int active = n;
    int limit = Math.min(maxSteps, evalEnv.episodeLength());
    for (int t = 0; t < limit && active > 0; t++) {
      evalEnv.observe(obs, 0);
      PpoRollout.sampleActions(nets, tape, params, stats, obs, n, rng, normalized, raw, logp, actions);
      evalEnv.step(actions, rewards, terminated, truncated);
      for (int e = 0; e < n; e++) {
        if (running[e]) {
          returns[e] += rewards[e];
          if (terminated[e] || truncated[e]) {
            running[e] = false;
            active--;
          }
        }
      }
    }
    double sum = 0;
    for (double r : returns) {
      sum += r;
    }
    return sum / n;
  }
}
