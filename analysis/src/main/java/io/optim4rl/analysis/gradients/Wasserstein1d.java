package io.optim4rl.analysis.gradients;

import java.util.Arrays;

/**
 * The first Wasserstein distance between two 1-D empirical distributions with scipy's
 * {@code scipy.stats.wasserstein_distance} semantics:
 * {@code W(u, v) = integral |F_u(x) - F_v(x)| dx}, computed by merging the sorted samples and summing
 * {@code |F_u - F_v| * (x_{i+1} - x_i)} over the sorted union of their values. This is the plain
 * reference implementation the distributed one ({@link StagedWassersteinPass}) is tested against.
 */
public final class Wasserstein1d {

  private Wasserstein1d() {}

  /** W(u, v) with equal weights. */
  public static double distance(double[] u, double[] v) {
    return distance(u, null, v, null);
  }

  /**
   * W(u, v) with non-negative weights per value (null = equal weights); the weights of each sample are
   * normalised by their sum.
   *
   * @throws IllegalArgumentException on an empty sample, a weight array of another length, a negative,
   *     non-finite or all-zero weight, or a non-finite value
   */
  public static double distance(double[] u, double[] uWeights, double[] v, double[] vWeights) {
    int[] uo = order(u, uWeights, "u");
    int[] vo = order(v, vWeights, "v");
    double uTotal = total(u, uWeights);
    double vTotal = total(v, vWeights);
    double[] all = new double[u.length + v.length];
    System.arraycopy(u, 0, all, 0, u.length);
    System.arraycopy(v, 0, all, u.length, v.length);
    Arrays.sort(all);
    double sum = 0;
    double uCum = 0;
    double vCum = 0;
    int iu = 0;
    int iv = 0;
    for (int i = 0; i + 1 < all.length; i++) {
      double x = all[i];
      // F(x) = (weight of values <= x) / total: searchsorted(sorted, x, side='right')
      while (iu < u.length && u[uo[iu]] <= x) {
        uCum += uWeights == null ? 1 : uWeights[uo[iu]];
        iu++;
      }
      while (iv < v.length && v[vo[iv]] <= x) {
        vCum += vWeights == null ? 1 : vWeights[vo[iv]];
        iv++;
      }
      sum += Math.abs(uCum / uTotal - vCum / vTotal) * (all[i + 1] - x);
    }
    return sum;
  }

  private static int[] order(double[] x, double[] w, String name) {
    if (x.length == 0) {
      throw new IllegalArgumentException("sample " + name + " is empty");
    }
    if (w != null && w.length != x.length) {
      throw new IllegalArgumentException(name + " has " + x.length + " values but " + w.length + " weights");
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is " + x[i]);
      }
      if (w != null && !(w[i] >= 0 && Double.isFinite(w[i]))) {
        throw new IllegalArgumentException("weight " + name + "[" + i + "] is " + w[i]);
      }
    }
    Integer[] idx = new Integer[x.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(x[a], x[b]));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  private static double total(double[] x, double[] w) {
    if (w == null) {
      return x.length;
    }
    double t = 0;
    for (double d : w) {
      t += d;
    }
    if (t <= 0) {
      throw new IllegalArgumentException("weights sum to " + t);
    }
    return t;
  }
}
