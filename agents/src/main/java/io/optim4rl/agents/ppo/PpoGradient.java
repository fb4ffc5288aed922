package io.optim4rl.agents.ppo;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The PPO loss and its gradient with respect to all agent parameters (policy and value) on one minibatch
 * of trajectories of a {@link PpoBatch}: the API a meta-trainer drives when it applies a learned
 * optimizer's update itself.
 *
 * <p>Normalises the minibatch's observations and bootstrap observations with the given statistics, runs
 * the policy on the T steps and the value net on the T steps plus the bootstrap observation of every
 * trajectory, evaluates {@link PpoLoss} and backpropagates {@code dL/d outputs} through both
 * {@link Mlp}s. A mutable workspace sized for {@code maxTrajectories}; not thread-safe.
 */
public final class PpoGradient {

  private final PpoNetworks nets;
  private final PpoConfig config;
  private final int maxTrajectories;
  private final int steps;
  private final Mlp.Tape policyTape;
  private final Mlp.Tape valueTape;
  private final float[] x;
  private final float[] dPolicyFloat;
  private final float[] dValueFloat;

  /** A workspace for minibatches of up to {@code maxTrajectories} trajectories of {@code steps} steps. */
  public PpoGradient(PpoNetworks nets, PpoConfig config, int maxTrajectories, int steps) {
    this.nets = nets;
    this.config = config;
    this.maxTrajectories = maxTrajectories;
    this.steps = steps;
    int rows = maxTrajectories * steps;
    this.policyTape = nets.policy().newTape(rows);
    this.valueTape = nets.value().newTape(rows + maxTrajectories);
    this.x = new float[(rows + maxTrajectories) * nets.observationSize()];
    this.dPolicyFloat = new float[rows * 2 * nets.actionSize()];
    this.dValueFloat = new float[rows + maxTrajectories];
  }

  /**
   * The loss inputs of trajectories {@code trajectories[from .. from + count)} of {@code batch}, with the
   * entropy noise drawn from {@code rng} (row-major over samples and action components).
   */
  public PpoLoss.Inputs inputs(PpoBatch batch, int[] trajectories, int from, int count, SplittableRandom rng) {
    checkBatch(batch, count);
    int a = batch.actionSize();
    int n = count * steps;
    double[] rewards = new double[n];
    double[] termination = new double[n];
    double[] truncation = new double[n];
    double[] raw = new double[n * a];
    double[] logp = new double[n];
    double[] noise = new double[n * a];
    for (int k = 0; k < count; k++) {
      int j = trajectories[from + k];
      for (int t = 0; t < steps; t++) {
        int src = j * steps + t;
        int dst = k * steps + t;
        rewards[dst] = batch.rewards[src];
        termination[dst] = batch.termination[src] ? 1 : 0;
        truncation[dst] = batch.truncation[src] ? 1 : 0;
        logp[dst] = batch.logProbs[src];
        for (int d = 0; d < a; d++) {
          raw[dst * a + d] = batch.rawActions[src * a + d];
        }
      }
    }
    for (int i = 0; i < noise.length; i++) {
      noise[i] = rng.nextGaussian();
    }
    return new PpoLoss.Inputs(count, steps, a, rewards, termination, truncation, raw, logp, noise);
  }

  /**
   * OVERWRITES {@code gradientOut} (length {@code nets.numParams()}) with {@code dL/d params} of the PPO loss
   * on trajectories {@code trajectories[from .. from + count)} and returns the loss terms.
   */
  public PpoLoss.Terms compute(float[] params, RunningStatistics stats, PpoBatch batch, int[] trajectories,
      int from, int count, SplittableRandom rng, float[] gradientOut) {
    return compute(params, stats, batch, trajectories, from, count, inputs(batch, trajectories, from, count, rng),
        gradientOut);
  }

  /** As above with the loss inputs given (from {@link #inputs} on the same trajectories). */
  public PpoLoss.Terms compute(float[] params, RunningStatistics stats, PpoBatch batch, int[] trajectories,
      int from, int count, PpoLoss.Inputs inputs, float[] gradientOut) {
    checkBatch(batch, count);
    int o = nets.observationSize();
    int a = nets.actionSize();
    int rows = count * steps;
    for (int k = 0; k < count; k++) {
      int j = trajectories[from + k];
      stats.normalize(batch.observations, j * steps * o, x, k * steps * o, steps);
      stats.normalize(batch.lastObservations, j * o, x, (rows + k) * o, 1);
    }
    nets.policy().forward(params, x, 0, rows, policyTape);
    nets.value().forward(params, x, 0, rows + count, valueTape);
    double[] policyOut = toDouble(policyTape.output(), rows * 2 * a);
    double[] valueOut = toDouble(valueTape.output(), rows + count);
    double[] values = Arrays.copyOf(valueOut, rows);
    double[] bootstrap = Arrays.copyOfRange(valueOut, rows, rows + count);
    double[] dPolicy = new double[rows * 2 * a];
    double[] dValues = new double[rows];
    PpoLoss.Terms terms = PpoLoss.compute(config, inputs, policyOut, values, bootstrap, dPolicy, dValues);
    for (int i = 0; i < dPolicy.length; i++) {
      dPolicyFloat[i] = (float) dPolicy[i];
    }
    for (int i = 0; i < rows; i++) {
      dValueFloat[i] = (float) dValues[i];
    }
    Arrays.fill(dValueFloat, rows, rows + count, 0f);
    Arrays.fill(gradientOut, 0f);
    nets.policy().backward(params, policyTape, dPolicyFloat, gradientOut);
    nets.value().backward(params, valueTape, dValueFloat, gradientOut);
    return terms;
  }

  private void checkBatch(PpoBatch batch, int count) {
    if (batch.steps() != steps || count < 1 || count > maxTrajectories) {
      throw new IllegalArgumentException("minibatch of " + count + " trajectories of " + batch.steps()
          + " steps does not fit this workspace (at most " + maxTrajectories + " of " + steps + " steps)");
    }
  }

  private static double[] toDouble(float[] values, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
