package io.optim4rl.agents.units;

import io.optim4rl.agents.a2c.A2cLoss;

/**
 * The A2C loss of one unit's single-env rollout (REFERENCE 3.2 steps 4 to 6), fused and allocation-free:
 * the same formulas as {@link io.optim4rl.agents.a2c.LambdaReturns} and {@link A2cLoss} with B = 1,
 * computed in double from the float logits and values on the tape:
 *
 * <pre>
 *   G_T = v_T,  G_t = r_t + gamma (1 - d_t) ((1 - lambda) v_{t+1} + lambda G_{t+1}),  delta_t = G_t - v_t
 *   L   = -mean_t log pi_t[a_t] delta_t + c mean_t delta_t^2 - e mean_t H_t
 *   dL/dlogits_t[j] = ( -delta_t (1[j = a_t] - pi_t[j]) + e pi_t[j] (log pi_t[j] + H_t) ) / T
 *   dL/dv_t         = -2 c delta_t / T
 * </pre>
 *
 * The derivatives are rounded to float into the scratch; row T gets none (G is a constant).
 */
final class UnitA2cLoss {

  private UnitA2cLoss() {}

  /**
   * Loss of unit u; per-step arrays are time-major over all units ({@code [t * numUnits + u]}).
   *
   * @return the total loss L; {@code s.dLogits} and {@code s.dValues} receive its derivatives
   */
  static double evaluate(UnitTape tape, int[] actions, float[] rewards, boolean[] dones, int unit,
      int numUnits, int steps, A2cLoss.Hyper hyper, UnitScratch s) {
    double gamma = hyper.gamma();
    double lambda = hyper.lambda();
    double[] g = s.returns;
    double next = tape.values[steps];
    for (int t = steps - 1; t >= 0; t--) {
      int i = t * numUnits + unit;
      double discount = dones[i] ? 0.0 : gamma;
      next = rewards[i] + discount * ((1 - lambda) * tape.values[t + 1] + lambda * next);
      g[t] = next;
    }
    int numActions = tape.numActions;
    double n = 1.0 / steps;
    double entropyWeight = hyper.entropyWeight();
    double[] e = s.expLogits;
    double actorSum = 0;
    double criticSum = 0;
    double entropySum = 0;
    for (int t = 0; t < steps; t++) {
      int base = t * numActions;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < numActions; j++) {
        max = Math.max(max, tape.logits[base + j]);
      }
      double sum = 0;
      for (int j = 0; j < numActions; j++) {
        e[j] = Math.exp(tape.logits[base + j] - max);
        sum += e[j];
      }
      double logSum = max + Math.log(sum);
      double entropy = 0;
      for (int j = 0; j < numActions; j++) {
        double pi = e[j] / sum;
        entropy -= pi * (tape.logits[base + j] - logSum);
      }
      int a = actions[t * numUnits + unit];
      double delta = g[t] - tape.values[t];
      for (int j = 0; j < numActions; j++) {
        double pi = e[j] / sum;
        double logPi = tape.logits[base + j] - logSum;
        double actor = -delta * ((j == a ? 1.0 : 0.0) - pi);
        s.dLogits[base + j] = (float) (n * (actor + entropyWeight * pi * (logPi + entropy)));
      }
      s.dValues[t] = (float) (-2 * n * hyper.criticWeight() * delta);
      actorSum += (tape.logits[base + a] - logSum) * delta;
      criticSum += delta * delta;
      entropySum += entropy;
    }
    double actorLoss = -actorSum * n;
    double criticLoss = hyper.criticWeight() * criticSum * n;
    double entropyLoss = entropyWeight * (-entropySum * n);
    return actorLoss + criticLoss + entropyLoss;
  }
}
