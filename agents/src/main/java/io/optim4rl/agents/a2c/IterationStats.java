package io.optim4rl.agents.a2c;

/**
 * What one A2C iteration reports (REFERENCE 3.4 for the return columns).
 *
 * @param iteration 0-based iteration index i
 * @param envSteps env steps at the START of the iteration, {@code i * numEnvs * T} (the "Step" column)
 * @param episodes number of episodes that ended during the iteration, over all envs
 * @param meanReturn mean undiscounted (scaled) return of those episodes; NaN when {@code episodes == 0}
 * @param actorLoss policy-gradient loss term
 * @param criticLoss critic loss term (weight included)
 * @param entropyLoss entropy loss term (weight included)
 * @param totalLoss the sum of the three terms
 * @param gradientNorm L2 norm of the agent gradient, before any optimizer preprocessing
 * @param iterations total number of iterations of the run (for progress reporting)
 */
public record IterationStats(
    int iteration,
    long envSteps,
    int episodes,
    double meanReturn,
    double actorLoss,
    double criticLoss,
    double entropyLoss,
    double totalLoss,
    double gradientNorm,
    int iterations) {

  /**
   * Whether this iteration belongs to the return log of REFERENCE 3.4 (at least one episode ended;
   * iterations without a finished episode are skipped there).
   */
  public boolean hasReturn() {
    return episodes > 0;
  }
}
