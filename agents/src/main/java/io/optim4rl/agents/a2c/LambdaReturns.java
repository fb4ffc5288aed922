package io.optim4rl.agents.a2c;

/**
 * TD(lambda) returns and advantages of a batch of trajectories (REFERENCE 3.2 steps 4 and 5).
 *
 * <p>With {@code G_T = v_T} (the bootstrap value of the observation after the last step), backwards for
 * {@code t = T-1 .. 0}:
 *
 * <pre>
 *   G_t     = r_t + gamma (1 - d_t) ((1 - lambda) v_{t+1} + lambda G_{t+1})
 *   delta_t = G_t - v_t                                  (the GAE(lambda) advantage)
 * </pre>
 *
 * <p>{@code d_t = 1} means the episode ended at step t (termination and time-out alike), so nothing after
 * step t is bootstrapped. lambda = 1 gives the discounted return bootstrapped with {@code v_T}; lambda = 0
 * gives the one-step TD target {@code r_t + gamma (1 - d_t) v_{t+1}}.
 *
 * <p>Layout: time-major batches of B independent trajectories; per-step arrays have T rows and values
 * T + 1 rows, entry {@code [t * B + b]}. Pure functions: inputs are not modified.
 */
public final class LambdaReturns {

  private LambdaReturns() {}

  /**
   * The lambda-returns G {@code [T * B]}.
   *
   * @param rewards {@code [T * B]}
   * @param dones {@code [T * B]}
   * @param values {@code [(T + 1) * B]}, row T holds the bootstrap values
   */
  public static double[] lambdaReturns(double[] rewards, boolean[] dones, double[] values, int steps,
      int batch, double gamma, double lambda) {
    checkLengths(rewards.length, dones.length, values.length, steps, batch);
    double[] g = new double[steps * batch];
    for (int b = 0; b < batch; b++) {
      double next = values[steps * batch + b];
      for (int t = steps - 1; t >= 0; t--) {
        int i = t * batch + b;
        double discount = dones[i] ? 0.0 : gamma;
        next = rewards[i] + discount * ((1 - lambda) * values[i + batch] + lambda * next);
        g[i] = next;
      }
    }
    return g;
  }

  /** As {@link #lambdaReturns(double[], boolean[], double[], int, int, double, double)} for float rewards. */
  public static double[] lambdaReturns(float[] rewards, boolean[] dones, double[] values, int steps,
      int batch, double gamma, double lambda) {
    double[] r = new double[rewards.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = rewards[i];
    }
    return lambdaReturns(r, dones, values, steps, batch, gamma, lambda);
  }

  /** The advantages {@code delta_t = G_t - v_t} {@code [T * B]} (values has T + 1 rows; row T is unused). */
  public static double[] advantages(double[] returns, double[] values, int steps, int batch) {
    if (returns.length != steps * batch || values.length != (steps + 1) * batch) {
      throw new IllegalArgumentException("advantages: need returns [T*B] = " + steps * batch
          + " and values [(T+1)*B] = " + (steps + 1) * batch + ", got " + returns.length + " and "
          + values.length);
    }
    double[] delta = new double[returns.length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = returns[i] - values[i];
    }
    return delta;
  }

  private static void checkLengths(int rewards, int dones, int values, int steps, int batch) {
    if (steps < 1 || batch < 1) {
      throw new IllegalArgumentException("lambdaReturns: T and B must be >= 1, got T=" + steps
          + ", B=" + batch);
    }
    if (rewards != steps * batch || dones != steps * batch || values != (steps + 1) * batch) {
      throw new IllegalArgumentException("lambdaReturns: with T=" + steps + ", B=" + batch
          + " need rewards and dones of " + steps * batch + " and values of " + (steps + 1) * batch
          + ", got " + rewards + ", " + dones + ", " + values);
    }
  }
}
