package io.optim4rl.agents.ppo;

/**
 * The data of one PPO training step: {@code numTrajectories} unrolls of {@code steps} steps (brax's data
 * after the swap and reshape to {@code [batchSize * numMinibatches, unrollLength]}). Trajectory
 * {@code j = unroll * numEnvs + env}; arrays are row-major {@code [numTrajectories, steps, ...]}.
 *
 * <p>A mutable buffer refilled by {@link PpoRollout#collectInPlace}; the accessors return the live arrays
 * (read them, do not modify them).
 */
public final class PpoBatch {

  private final int numTrajectories;
  private final int steps;
  private final int observationSize;
  private final int actionSize;
  final float[] observations;
  final float[] lastObservations;
  final float[] rawActions;
  final double[] logProbs;
  final float[] rewards;
  final boolean[] termination;
  final boolean[] truncation;

  /** An empty buffer of the given dimensions. */
  public PpoBatch(int numTrajectories, int steps, int observationSize, int actionSize) {
    if (numTrajectories < 1 || steps < 1 || observationSize < 1 || actionSize < 1) {
      throw new IllegalArgumentException("all PpoBatch dimensions must be >= 1, got " + numTrajectories + ", "
          + steps + ", " + observationSize + ", " + actionSize);
    }
    this.numTrajectories = numTrajectories;
    this.steps = steps;
    this.observationSize = observationSize;
    this.actionSize = actionSize;
    int n = numTrajectories * steps;
    observations = new float[n * observationSize];
    lastObservations = new float[numTrajectories * observationSize];
    rawActions = new float[n * actionSize];
    logProbs = new double[n];
    rewards = new float[n];
    termination = new boolean[n];
    truncation = new boolean[n];
  }

  public int numTrajectories() {
    return numTrajectories;
  }

  public int steps() {
    return steps;
  }

  public int observationSize() {
    return observationSize;
  }

  public int actionSize() {
    return actionSize;
  }

  /** Raw (unnormalised) observations before every step, {@code [numTrajectories, steps, observationSize]}. */
  public float[] observations() {
    return observations;
  }

  /** Raw observations after the last step of every trajectory (the bootstrap), {@code [numTrajectories, obs]}. */
  public float[] lastObservations() {
    return lastObservations;
  }

  /** Pre-tanh action samples u, {@code [numTrajectories, steps, actionSize]}. */
  public float[] rawActions() {
    return rawActions;
  }

  /** log p(u) under the acting policy, {@code [numTrajectories, steps]}. */
  public double[] logProbs() {
    return logProbs;
  }

  /** Unscaled rewards. */
  public float[] rewards() {
    return rewards;
  }

  public boolean[] termination() {
    return termination;
  }

  public boolean[] truncation() {
    return truncation;
  }

  /**
   * brax's normaliser step: {@code stats} updated with every observation of this batch (the steps'
   * observations, not the bootstrap ones).
   */
  public RunningStatistics updateStatistics(RunningStatistics stats) {
    return stats.update(observations, numTrajectories * steps);
  }
}
