package io.optim4rl.agents.a2c;

/**
 * Episode-return bookkeeping of REFERENCE 3.4, kept online instead of offline.
 *
 * <p>Per env a running undiscounted sum of the (already scaled) rewards, reset after each done:
 * {@code R_j = r_j + R_{j-1} (1 - d_{j-1})}; an episode return is {@code R_j} at a step with
 * {@code d_j = 1}, counted in the iteration in which that step lies. The sums are carried across
 * iterations, so an episode that spans an iteration boundary is counted once, when it ends.
 *
 * <p>Mutable (it owns the running sums); one tracker per training run.
 */
public final class ReturnTracker {

  /**
   * The episodes that ended in one iteration.
   *
   * @param sum sum of their returns
   * @param count how many ended (0: the iteration is not reported)
   */
  public record Episodes(double sum, int count) {
    /** Mean episode return, NaN when no episode ended. */
    public double mean() {
      return count == 0 ? Double.NaN : sum / count;
    }
  }

  private final double[] running;

  /** A tracker for {@code numEnvs} envs, all running sums zero. */
  public ReturnTracker(int numEnvs) {
    if (numEnvs < 1) {
      throw new IllegalArgumentException("numEnvs must be >= 1, got " + numEnvs);
    }
    this.running = new double[numEnvs];
  }

  /**
   * Adds one iteration of time-major rewards and dones ({@code [T * B]}, index {@code t * B + b}).
   *
   * @return the episodes that ended during these T steps
   */
  public Episodes record(float[] rewards, boolean[] dones, int rolloutSteps) {
    int numEnvs = running.length;
    if (rewards.length < rolloutSteps * numEnvs || dones.length < rolloutSteps * numEnvs) {
      throw new IllegalArgumentException("need " + rolloutSteps * numEnvs + " rewards and dones, got "
          + rewards.length + " and " + dones.length);
    }
    double sum = 0;
    int count = 0;
    for (int t = 0; t < rolloutSteps; t++) {
      for (int b = 0; b < numEnvs; b++) {
        int i = t * numEnvs + b;
        running[b] += rewards[i];
        if (dones[i]) {
          sum += running[b];
          count++;
          running[b] = 0;
        }
      }
    }
    return new Episodes(sum, count);
  }
}
