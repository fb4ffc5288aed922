package io.optim4rl.agents.a2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Inverse-CDF categorical sampling over softmax(logits). */
class CategoricalSamplerTest {

  @Test
  void frequenciesMatchSoftmax() {
    double[] logits = {9.0, 0.3, -1.2, 1.5}; // offset 1: row {0.3, -1.2, 1.5}
    double[] p = {Math.exp(0.3), Math.exp(-1.2), Math.exp(1.5)};
    double z = p[0] + p[1] + p[2];
    int n = 200_000;
    int[] counts = new int[3];
    SplittableRandom rng = new SplittableRandom(11);
    for (int k = 0; k < n; k++) {
      counts[CategoricalSampler.sample(logits, 1, 3, rng.nextDouble())]++;
    }
    for (int a = 0; a < 3; a++) {
      double expected = p[a] / z;
      double sd = Math.sqrt(expected * (1 - expected) / n);
      assertEquals(expected, counts[a] / (double) n, 5 * sd, "action " + a);
    }
  }

  @Test
  void inverseCdfBoundariesAndExtremeLogits() {
    double[] uniform = {0, 0, 0};
    assertEquals(0, CategoricalSampler.sample(uniform, 0, 3, 0.0));
    assertEquals(1, CategoricalSampler.sample(uniform, 0, 3, 0.34));
    assertEquals(2, CategoricalSampler.sample(uniform, 0, 3, 0.999_999));
    assertEquals(2, CategoricalSampler.sample(uniform, 0, 3, Math.nextDown(1.0)));
    double[] extreme = {-1000, 1000, 999};
    int[] counts = new int[3];
    SplittableRandom rng = new SplittableRandom(5);
    for (int k = 0; k < 10_000; k++) {
      counts[CategoricalSampler.sample(extreme, 0, 3, rng.nextDouble())]++;
    }
    assertEquals(0, counts[0], "a probability of exp(-2000) is never drawn");
    assertTrue(counts[1] > counts[2] && counts[2] > 2000, "about 73% / 27%: " + counts[1] + " / " + counts[2]);
    double[] withMinusInf = {Double.NEGATIVE_INFINITY, 0.0, Double.NEGATIVE_INFINITY};
    assertEquals(1, CategoricalSampler.sample(withMinusInf, 0, 3, 0.0));
    assertEquals(1, CategoricalSampler.sample(withMinusInf, 0, 3, Math.nextDown(1.0)));
  }
}
