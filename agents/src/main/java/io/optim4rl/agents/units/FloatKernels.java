package io.optim4rl.agents.units;

/**
 * The inner loops of the unit nets and the PPO networks. A dot product keeps eight partial sums (independent dependency
 * chains: a single float accumulator is bound by the add latency and the JIT may not reorder it), always
 * combined in the same order, so results are reproducible; axpy is a plain loop the JIT vectorises.
 */
public final class FloatKernels {

  private FloatKernels() {}

  /**
   * {@code sum_i a[ao + i] b[bo + i]} for i < n: eight partial sums over i mod 8 combined as
   * {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))}, the tail added to s0.
   */
  public static float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    int i = 0;
    for (; i + 7 < n; i += 8) {
      s0 += a[ao + i] * b[bo + i];
      s1 += a[ao + i + 1] * b[bo + i + 1];
      s2 += a[ao + i + 2] * b[bo + i + 2];
      s3 += a[ao + i + 3] * b[bo + i + 3];
      s4 += a[ao + i + 4] * b[bo + i + 4];
      s5 += a[ao + i + 5] * b[bo + i + 5];
      s6 += a[ao + i + 6] * b[bo + i + 6];
      s7 += a[ao + i + 7] * b[bo + i + 7];
    }
    for (; i < n; i++) {
      s0 += a[ao + i] * b[bo + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** As {@link #dot} with double partial sums (for the heads, whose outputs feed the loss in double). */
  public static double dotDouble(float[] a, int ao, float[] b, int bo, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += (double) a[ao + i] * b[bo + i];
      s1 += (double) a[ao + i + 1] * b[bo + i + 1];
      s2 += (double) a[ao + i + 2] * b[bo + i + 2];
      s3 += (double) a[ao + i + 3] * b[bo + i + 3];
    }
    for (; i < n; i++) {
      s0 += (double) a[ao + i] * b[bo + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** {@code y[yo + i] += alpha x[xo + i]} for i < n. */
  public static void axpy(float[] y, int yo, float alpha, float[] x, int xo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += alpha * x[xo + i];
    }
  }

  /**
   * ReLU backward from the ReLU's output: {@code d[o + i] *= 1[h[ho + i] > 0]} for i < n, given
   * {@code h >= 0}. Branch-free so the JIT vectorises it: {@code min(h 2^100 2^49, 1)} is exactly 1 for
   * every positive float (the smallest, 2^-149, maps to 1; large ones overflow to infinity) and 0 for 0.
   */
  public static void reluBackwardInPlace(float[] d, int o, float[] h, int ho, int n) {
    for (int i = 0; i < n; i++) {
      d[o + i] *= Math.min(h[ho + i] * 0x1p100f * 0x1p49f, 1f);
    }
  }
}
