package io.optim4rl.agents.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The inner loops: dot products against a double loop, the branch-free ReLU mask on edge values. */
class UnitFloatKernelsTest {

  @Test
  void dotProductsAgreeWithADoubleLoop() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int n : new int[] {0, 1, 3, 7, 8, 9, 32, 33, 256}) {
      float[] a = new float[n + 3];
      float[] b = new float[n + 5];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) rng.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) rng.nextGaussian();
      }
      double exact = 0;
      double scale = 0;
      for (int i = 0; i < n; i++) {
        exact += (double) a[3 + i] * b[5 + i];
        scale += Math.abs((double) a[3 + i] * b[5 + i]);
      }
      assertEquals(exact, FloatKernels.dot(a, 3, b, 5, n), 1e-6 * scale + 1e-30, "dot n=" + n);
      assertEquals(exact, FloatKernels.dotDouble(a, 3, b, 5, n), 1e-14 * scale + 1e-30, "dotDouble n=" + n);
    }
  }

  @Test
  void reluMaskIsExactlyTheIndicatorOfAPositiveOutput() {
    float[] h = {0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 0.5f, 1f, 3e28f, Float.MAX_VALUE,
        Float.POSITIVE_INFINITY};
    float[] d = new float[h.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = 1.5f + i;
    }
    FloatKernels.reluBackwardInPlace(d, 0, h, 0, h.length);
    assertEquals(0f, d[0]);
    for (int i = 1; i < d.length; i++) {
      assertEquals(1.5f + i, d[i], "h = " + h[i]);
    }
  }
}
