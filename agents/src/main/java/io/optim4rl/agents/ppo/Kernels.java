package io.optim4rl.agents.ppo;

/**
 * The inner loops of the PPO networks: a dot product with eight partial sums combined in a fixed order
 * (reproducible, and not bound by one accumulator's add latency) and an axpy the JIT vectorises. The same
 * scheme as the package-private kernels of {@code io.optim4rl.agents.units}.
 */
final class Kernels {

  private Kernels() {}

  /** {@code sum_i a[ao + i] b[bo + i]} for i < n, partial sums over i mod 8. */
  static float dot(float[] a, int ao, float[] b, int bo, int n) {
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

  /** {@code y[yo + i] += alpha x[xo + i]} for i < n. */
  static void axpy(float[] y, int yo, float alpha, float[] x, int xo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += alpha * x[xo + i];
    }
  }
}
