package io.optim4rl.agents.testing;

/**
 * The golden files' deterministic parameter fill: {@code value[i] = scale * sin(1.7 * i + phase)} with
 * {@code phase = 0.3 + j}, i the row-major index inside the tensor and j the tensor's canonical position.
 */
public final class SineFill {

  private SineFill() {}

  /** Fills {@code n} values for tensor position {@code j} with the given scale. */
  public static double[] values(long n, int j, double scale) {
    double[] v = new double[Math.toIntExact(n)];
    double phase = 0.3 + j;
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * Math.sin(1.7 * i + phase);
    }
    return v;
  }
}
