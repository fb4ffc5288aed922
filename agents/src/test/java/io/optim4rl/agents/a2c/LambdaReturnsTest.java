package io.optim4rl.agents.a2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.optim4rl.agents.testing.Golden;
import io.optim4rl.agents.testing.NetFixtures;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** TD(lambda) returns (REFERENCE 3.2 steps 4-5): golden cases, invariants and batching. */
class LambdaReturnsTest {

  private static final double TOL = 1e-12;

  @Test
  void goldenCases() {
    JsonNode cases = Golden.load("lambda_returns.json").get("cases");
    assertEquals(3, cases.size());
    for (JsonNode c : cases) {
      double[] r = Golden.doubles(c.get("rewards"));
      boolean[] d = bools(Golden.doubles(c.get("dones")));
      double[] v = Golden.doubles(c.get("values"));
      double[] g = LambdaReturns.lambdaReturns(r, d, v, r.length, 1, c.get("gamma").asDouble(),
          c.get("lambda").asDouble());
      String name = c.get("name").asText();
      Golden.assertClose(name + " G", Golden.doubles(c.get("expected").get("G")), g);
      Golden.assertClose(name + " delta", Golden.doubles(c.get("expected").get("delta")),
          LambdaReturns.advantages(g, v, r.length, 1));
    }
  }

  @Test
  void appendixCExampleByHand() {
    double[] g = LambdaReturns.lambdaReturns(new double[] {1, 0, 2}, new boolean[] {false, true, false},
        new double[] {0.5, 0.2, -0.1, 0.3}, 3, 1, 0.995, 0.95);
    assertArrayEquals(new double[] {1.00995, 0, 2.2985}, g, TOL);
    assertArrayEquals(new double[] {0.50995, -0.2, 2.3985},
        LambdaReturns.advantages(g, new double[] {0.5, 0.2, -0.1, 0.3}, 3, 1), TOL);
  }

  @Test
  void lambdaOneIsTheDiscountedReturnBootstrappedWithTheLastValue() {
    int steps = 6;
    double gamma = 0.9;
    double[] r = NetFixtures.gaussians(steps, 1);
    double[] v = NetFixtures.gaussians(steps + 1, 2);
    double[] g = LambdaReturns.lambdaReturns(r, new boolean[steps], v, steps, 1, gamma, 1.0);
    for (int t = 0; t < steps; t++) {
      double expected = Math.pow(gamma, steps - t) * v[steps];
      for (int k = t; k < steps; k++) {
        expected += Math.pow(gamma, k - t) * r[k];
      }
      assertEquals(expected, g[t], TOL, "t=" + t);
    }
  }

  @Test
  void lambdaZeroIsOneStepTd() {
    int steps = 6;
    double[] r = NetFixtures.gaussians(steps, 3);
    double[] v = NetFixtures.gaussians(steps + 1, 4);
    boolean[] d = {false, true, false, false, true, false};
    double[] g = LambdaReturns.lambdaReturns(r, d, v, steps, 1, 0.99, 0.0);
    for (int t = 0; t < steps; t++) {
      assertEquals(r[t] + (d[t] ? 0 : 0.99 * v[t + 1]), g[t], TOL, "t=" + t);
    }
  }

  @Test
  void aDoneStopsBootstrapping() {
    double[] r = {0.5, -1, 2, 3};
    boolean[] d = {false, true, false, false};
    double[] v = {0.1, 0.2, 0.3, 0.4, 0.5};
    double[] g = LambdaReturns.lambdaReturns(r, d, v, 4, 1, 0.995, 0.95);
    assertEquals(-1.0, g[1], 0.0);
    double[] changedFuture = {0.1, 0.2, 7.0, -3.0, 9.0};
    double[] r2 = {0.5, -1, 5, -4};
    double[] g2 = LambdaReturns.lambdaReturns(r2, d, changedFuture, 4, 1, 0.995, 0.95);
    assertEquals(g[0], g2[0], 0.0);
    assertEquals(g[1], g2[1], 0.0);
  }

  @Test
  void batchedEqualsEachEnvAlone() {
    int steps = 5;
    int batch = 3;
    SplittableRandom rng = new SplittableRandom(5);
    float[] r = new float[steps * batch];
    boolean[] d = new boolean[steps * batch];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) rng.nextGaussian();
      d[i] = rng.nextInt(4) == 0;
    }
    double[] v = NetFixtures.gaussians((steps + 1) * batch, 6);
    double[] g = LambdaReturns.lambdaReturns(r, d, v, steps, batch, 0.995, 0.95);
    for (int b = 0; b < batch; b++) {
      double[] rb = new double[steps];
      boolean[] db = new boolean[steps];
      double[] vb = new double[steps + 1];
      for (int t = 0; t <= steps; t++) {
        vb[t] = v[t * batch + b];
        if (t < steps) {
          rb[t] = r[t * batch + b];
          db[t] = d[t * batch + b];
        }
      }
      double[] gb = LambdaReturns.lambdaReturns(rb, db, vb, steps, 1, 0.995, 0.95);
      for (int t = 0; t < steps; t++) {
        assertEquals(gb[t], g[t * batch + b], 0.0, "t=" + t + " b=" + b);
      }
    }
  }

  @Test
  void rejectsInconsistentLengths() {
    assertThrows(IllegalArgumentException.class, () -> LambdaReturns.lambdaReturns(
        new double[3], new boolean[3], new double[3], 3, 1, 0.9, 0.9));
    assertThrows(IllegalArgumentException.class,
        () -> LambdaReturns.advantages(new double[4], new double[4], 2, 2));
  }

  static boolean[] bools(double[] zeroOne) {
    boolean[] b = new boolean[zeroOne.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = zeroOne[i] != 0.0;
    }
    return b;
  }
}
