package io.optim4rl.agents.a2c;

import static io.optim4rl.agents.testing.FiniteDifferences.CLOSED_FORM_TOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.optim4rl.agents.testing.FiniteDifferences;
import io.optim4rl.agents.testing.NetFixtures;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The A2C loss (REFERENCE 3.2): derivatives against central differences and small hand cases. */
class A2cLossTest {

  private static final int T = 5;
  private static final int B = 2;
  private static final int A = 4;

  /** A random rollout: logits, values, actions, rewards, dones. */
  record Case(double[] logits, double[] values, int[] actions, float[] rewards, boolean[] dones) {
    static Case random(long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      double[] logits = NetFixtures.gaussians((T + 1) * B * A, seed + 1);
      double[] values = NetFixtures.gaussians((T + 1) * B, seed + 2);
      int[] actions = new int[T * B];
      float[] rewards = new float[T * B];
      boolean[] dones = new boolean[T * B];
      for (int i = 0; i < T * B; i++) {
        actions[i] = rng.nextInt(A);
        rewards[i] = (float) rng.nextGaussian();
        dones[i] = rng.nextInt(4) == 0;
      }
      return new Case(logits, values, actions, rewards, dones);
    }

    A2cLoss.Result evaluate(A2cLoss.Hyper h) {
      return A2cLoss.evaluate(logits, values, actions, rewards, dones, T, B, A, h);
    }
  }

  @Test
  void derivativesMatchFiniteDifferencesWithTargetsHeldFixed() {
    Case c = Case.random(3);
    A2cLoss.Hyper h = A2cLoss.Hyper.defaults();
    A2cLoss.Result r = c.evaluate(h);
    double[] returns = r.returns();
    double[] advantages = r.advantages();
    double[] numericLogits = FiniteDifferences.gradient(
        z -> A2cLoss.evaluateWithTargets(z, c.values, c.actions, returns, advantages, T, B, A, h).total(),
        c.logits, IntStream.range(0, c.logits.length).toArray());
    FiniteDifferences.assertAgree("dLogits", r.dLogits(), numericLogits, CLOSED_FORM_TOL);
    double[] numericValues = FiniteDifferences.gradient(
        v -> A2cLoss.evaluateWithTargets(c.logits, v, c.actions, returns, advantages, T, B, A, h).total(),
        c.values, IntStream.range(0, c.values.length).toArray());
    FiniteDifferences.assertAgree("dValues", r.dValues(), numericValues, CLOSED_FORM_TOL);
  }

  @Test
  void bootstrapRowsGetNoGradient() {
    A2cLoss.Result r = Case.random(4).evaluate(A2cLoss.Hyper.defaults());
    for (int i = T * B * A; i < (T + 1) * B * A; i++) {
      assertEquals(0.0, r.dLogits()[i]);
    }
    for (int i = T * B; i < (T + 1) * B; i++) {
      assertEquals(0.0, r.dValues()[i]);
    }
  }

  @Test
  void termsAreMeansOfThePerStepQuantities() {
    Case c = Case.random(5);
    A2cLoss.Hyper h = new A2cLoss.Hyper(0.9, 0.7, 0.3, 0.02);
    A2cLoss.Result r = c.evaluate(h);
    double[] g = LambdaReturns.lambdaReturns(c.rewards, c.dones, c.values, T, B, 0.9, 0.7);
    double actor = 0;
    double critic = 0;
    double entropy = 0;
    for (int i = 0; i < T * B; i++) {
      double[] z = Arrays.copyOfRange(c.logits, i * A, (i + 1) * A);
      double lse = Math.log(Arrays.stream(z).map(Math::exp).sum());
      double delta = g[i] - c.values[i];
      actor -= (z[c.actions[i]] - lse) * delta;
      critic += delta * delta;
      for (double zj : z) {
        entropy -= Math.exp(zj - lse) * (zj - lse);
      }
    }
    int n = T * B;
    assertEquals(actor / n, r.actorLoss(), 1e-12);
    assertEquals(0.3 * critic / n, r.criticLoss(), 1e-12);
    assertEquals(-0.02 * entropy / n, r.entropyLoss(), 1e-12);
    assertEquals(r.actorLoss() + r.criticLoss() + r.entropyLoss(), r.total(), 1e-15);
  }

  @Test
  void uniformPolicyHasMaximalEntropyAndNoEntropyGradient() {
    int steps = 2;
    int batch = 1;
    double[] logits = new double[(steps + 1) * 3];
    Arrays.fill(logits, 1e3); // equal and large: the stable log-softmax must not overflow
    A2cLoss.Result r = A2cLoss.evaluate(logits, new double[] {0, 0, 0}, new int[] {0, 2},
        new float[] {1, 0}, new boolean[] {false, false}, steps, batch, 3,
        new A2cLoss.Hyper(1, 1, 0.5, 0.01));
    assertEquals(Math.log(3), r.entropies()[0], 1e-12);
    assertEquals(-Math.log(3), r.logProbs()[1], 1e-12);
    assertEquals(-0.01 * Math.log(3), r.entropyLoss(), 1e-12);
    // G = [1, 0], delta = G: dLogits of step 0 = (1/2) * -1 * (onehot(0) - 1/3).
    assertEquals(-0.5 * (2.0 / 3), r.dLogits()[0], 1e-12);
    assertEquals(0.5 * (1.0 / 3), r.dLogits()[1], 1e-12);
    assertEquals(-0.5, r.dValues()[0], 1e-12);
  }

  @Test
  void validatesHyperparametersAndShapes() {
    assertEquals(new A2cLoss.Hyper(0.995, 0.95, 0.5, 0.01), A2cLoss.Hyper.defaults());
    assertThrows(IllegalArgumentException.class, () -> new A2cLoss.Hyper(1.1, 0.95, 0.5, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new A2cLoss.Hyper(0.9, Double.NaN, 0.5, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new A2cLoss.Hyper(0.9, 0.9, -1, 0.01));
    Case c = Case.random(6);
    int[] badActions = c.actions.clone();
    badActions[3] = A;
    assertThrows(IllegalArgumentException.class, () -> A2cLoss.evaluate(c.logits, c.values, badActions,
        c.rewards, c.dones, T, B, A, A2cLoss.Hyper.defaults()));
    assertThrows(IllegalArgumentException.class, () -> A2cLoss.evaluate(c.logits, c.values, c.actions,
        c.rewards, c.dones, T, B, A + 1, A2cLoss.Hyper.defaults()));
  }
}
