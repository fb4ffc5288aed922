package io.optim4rl.agents.a2c;

/**
 * Draws a ~ Categorical(softmax(logits)) by inverse-CDF sampling (REFERENCE 1.4: the reference uses the
 * Gumbel-max trick with JAX keys; only the distribution has to match).
 *
 * <p>Computed in double and stably: with p_a proportional to exp(l_a - max l), the action is the first a
 * with {@code u * sum_a' p_a' < p_0 + ... + p_a}, for one uniform u in [0, 1). An action of probability 0
 * is never drawn.
 */
public final class CategoricalSampler {

  private CategoricalSampler() {}

  /**
   * One draw from the row {@code logits[offset .. offset + numActions)}.
   *
   * @param u a uniform number in [0, 1)
   */
  public static int sample(double[] logits, int offset, int numActions, double u) {
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < numActions; a++) {
      max = Math.max(max, logits[offset + a]);
    }
    double total = 0;
    for (int a = 0; a < numActions; a++) {
      total += Math.exp(logits[offset + a] - max);
    }
    double target = u * total;
    double cumulative = 0;
    int lastPositive = 0;
    for (int a = 0; a < numActions; a++) {
      double p = Math.exp(logits[offset + a] - max);
      cumulative += p;
      if (p > 0) {
        lastPositive = a;
        if (target < cumulative) {
          return a;
        }
      }
    }
    return lastPositive; // only reached through rounding when u is within an ulp of 1
  }
}
