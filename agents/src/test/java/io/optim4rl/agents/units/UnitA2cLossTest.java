package io.optim4rl.agents.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optim4rl.agents.a2c.A2cLoss;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused per-unit loss against {@link A2cLoss#evaluate} with B = 1 (itself tested on golden values and
 * by finite differences): random logits, values, actions, rewards and dones of one unit read out of
 * time-major arrays shared by several units; the total in double to 1e-12, the derivatives to float
 * rounding. Plus the REFERENCE Appendix C lambda-return case through the critic derivative.
 */
class UnitA2cLossTest {

  @Test
  void matchesA2cLossForOneUnitOfSeveral() {
    int steps = 7;
    int numActions = 5;
    int numUnits = 3;
    int unit = 1;
    A2cLoss.Hyper hyper = new A2cLoss.Hyper(0.97, 0.8, 0.5, 0.05);
    SplittableRandom rng = new SplittableRandom(3);
    UnitTape tape = new UnitTape(steps + 1, 4, numActions, 0, 0);
    for (int i = 0; i < tape.logits.length; i++) {
      tape.logits[i] = (float) (2 * rng.nextGaussian());
    }
    for (int t = 0; t <= steps; t++) {
      tape.values[t] = (float) rng.nextGaussian();
    }
    int[] actions = new int[steps * numUnits];
    float[] rewards = new float[steps * numUnits];
    boolean[] dones = new boolean[steps * numUnits];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = rng.nextInt(numActions);
      rewards[i] = (float) rng.nextGaussian();
      dones[i] = rng.nextDouble() < 0.3;
    }
    UnitScratch s = new UnitScratch(steps, numActions, 4, 0, 0);
    double total = UnitA2cLoss.evaluate(tape, actions, rewards, dones, unit, numUnits, steps, hyper, s);

    double[] logits = new double[tape.logits.length];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = tape.logits[i];
    }
    double[] values = new double[steps + 1];
    for (int t = 0; t <= steps; t++) {
      values[t] = tape.values[t];
    }
    int[] a = new int[steps];
    float[] r = new float[steps];
    boolean[] d = new boolean[steps];
    for (int t = 0; t < steps; t++) {
      a[t] = actions[t * numUnits + unit];
      r[t] = rewards[t * numUnits + unit];
      d[t] = dones[t * numUnits + unit];
    }
    A2cLoss.Result expected = A2cLoss.evaluate(logits, values, a, r, d, steps, 1, numActions, hyper);
    assertEquals(expected.total(), total, 1e-12 * Math.abs(expected.total()));
    for (int i = 0; i < steps * numActions; i++) {
      assertEquals((float) expected.dLogits()[i], s.dLogits[i], 1e-6f * Math.abs(s.dLogits[i]) + 1e-12f,
          "dLogits[" + i + "]");
    }
    for (int t = 0; t < steps; t++) {
      assertEquals((float) expected.dValues()[t], s.dValues[t], 1e-6f * Math.abs(s.dValues[t]), "dValues[" + t + "]");
    }
  }

  /** r = [1, 0, 2], d = [0, 1, 0], v = [0.5, 0.2, -0.1, 0.3] gives delta = [0.50995, -0.2, 2.3985]. */
  @Test
  void appendixCLambdaReturns() {
    int steps = 3;
    UnitTape tape = new UnitTape(steps + 1, 1, 2, 0, 0);
    double[] v = {0.5, 0.2, -0.1, 0.3};
    System.arraycopy(v, 0, tape.values, 0, 4);
    UnitScratch s = new UnitScratch(steps, 2, 1, 0, 0);
    UnitA2cLoss.evaluate(tape, new int[3], new float[] {1, 0, 2}, new boolean[] {false, true, false}, 0, 1,
        steps, A2cLoss.Hyper.defaults(), s);
    double[] delta = {0.50995, -0.2, 2.3985};
    for (int t = 0; t < steps; t++) {
      // dL/dv_t = -2 c delta_t / T with c = 0.5
      assertEquals(-delta[t] / steps, s.dValues[t], 1e-6, "dValues[" + t + "]");
    }
  }
}
