package io.optim4rl.agents.ppo;

/**
 * Generalised advantage estimation that tells termination from truncation, as brax 0.9.4's
 * {@code compute_gae}. Time index t = 0..T-1 within one trajectory, {@code v_T} = the bootstrap value
 * (the value of the observation after the last step), {@code c_t = 1 - termination_t},
 * {@code m_t = 1 - truncation_t}:
 * <pre>
 *   delta_t = (r_t + gamma c_t v_{t+1} - v_t) m_t
 *   a_t     = delta_t + gamma c_t m_t lambda a_{t+1},   a_T = 0
 *   vs_t    = a_t + v_t                                  (value target)
 *   adv_t   = (r_t + gamma c_t vs_{t+1} - v_t) m_t,       vs_T = v_T
 * </pre>
 * Termination removes the bootstrap; a truncated step has a zero delta, stops the recursion, and gets
 * {@code vs_t = v_t} and {@code adv_t = 0}. Both outputs are constants of the loss (stop-gradient).
 *
 * <p>Arrays are {@code [numTrajectories, T]} row-major (index {@code j T + t}); the bootstrap is
 * {@code [numTrajectories]}.
 */
public final class Gae {

  private Gae() {}

  /** The value targets and advantages. */
  public record Result(double[] valueTargets, double[] advantages) {}

  /** GAE of every trajectory; {@code rewards} already include reward scaling. */
  public static Result compute(int numTrajectories, int steps, double[] rewards, double[] termination,
      double[] truncation, double[] values, double[] bootstrap, double gamma, double lambda) {
    int n = numTrajectories * steps;
    double[] vs = new double[n];
    double[] adv = new double[n];
    for (int j = 0; j < numTrajectories; j++) {
      int base = j * steps;
      double acc = 0;
      for (int t = steps - 1; t >= 0; t--) {
        int i = base + t;
        double next = t == steps - 1 ? bootstrap[j] : values[i + 1];
        double c = 1 - termination[i];
        double m = 1 - truncation[i];
        double delta = (rewards[i] + gamma * c * next - values[i]) * m;
        acc = delta + gamma * c * m * lambda * acc;
        vs[i] = acc + values[i];
      }
      for (int t = 0; t < steps; t++) {
        int i = base + t;
        double nextVs = t == steps - 1 ? bootstrap[j] : vs[i + 1];
        adv[i] = (rewards[i] + gamma * (1 - termination[i]) * nextVs - values[i]) * (1 - truncation[i]);
      }
    }
    return new Result(vs, adv);
  }
}
