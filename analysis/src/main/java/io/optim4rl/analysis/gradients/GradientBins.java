package io.optim4rl.analysis.gradients;

import java.util.Arrays;

/**
 * Histogram bins of the gradient figures (REFERENCE 7.1), with numpy {@code histogram} semantics: bins
 * are half-open {@code [e_i, e_{i+1})} except the last, which includes its right edge.
 *
 * <ul>
 *   <li>{@link #log10()}: edges -9, -8.5, ..., 4.5 (27 bins) for {@code log10(|g| + 1e-8)} (never below -8).
 *       Values above 4.5 (|g| > 31,622) fall outside numpy's bins; here they go to one extra overflow bin
 *       (4.5, +inf) so every histogram sums to its number of samples.</li>
 *   <li>{@link #raw(double, double)}: 40 equal bins over [min, max] of all the run's values (numpy's default
 *       range; a single value v gives [v - 0.5, v + 0.5]), shared by every stage of the run.</li>
 * </ul>
 * Immutable.
 */
public final class GradientBins implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** Number of raw-g bins (REFERENCE 7.1). */
  public static final int RAW_BINS = 40;
  /** The offset inside the logarithm. */
  public static final double LOG_EPS = 1e-8;

  private final double[] edges;
  private final boolean overflow;

  private GradientBins(double[] edges, boolean overflow) {
    this.edges = edges;
    this.overflow = overflow;
  }

  /** The log10-space bins: edges -9 to 4.5 in steps of 0.5, plus the overflow bin. */
  public static GradientBins log10() {
    double[] e = new double[28];
    for (int i = 0; i < e.length; i++) {
      e[i] = -9 + 0.5 * i;
    }
    return new GradientBins(e, true);
  }

  /** 40 equal-width bins over [min, max] (numpy linspace edges). */
  public static GradientBins raw(double min, double max) {
    if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("raw bins need finite min <= max, got " + min + ", " + max);
    }
    if (min == max) {
      min -= 0.5;
      max += 0.5;
    }
    double[] e = new double[RAW_BINS + 1];
    double step = (max - min) / RAW_BINS;
    for (int i = 0; i < RAW_BINS; i++) {
      e[i] = min + i * step;
    }
    e[RAW_BINS] = max;
    return new GradientBins(e, false);
  }

  /** log10(|g| + 1e-8), the transform of the log-space figures. */
  public static double logTransform(double g) {
    return Math.log10(Math.abs(g) + LOG_EPS);
  }

  /** Number of bins, the overflow bin included. */
  public int count() {
    return edges.length - 1 + (overflow ? 1 : 0);
  }

  /** Lower edge of bin i. */
  public double lo(int i) {
    return i < edges.length - 1 ? edges[i] : edges[edges.length - 1];
  }

  /** Upper edge of bin i (+inf for the overflow bin). */
  public double hi(int i) {
    return i < edges.length - 1 ? edges[i + 1] : Double.POSITIVE_INFINITY;
  }

  /** The edges (without the overflow bin's infinite edge). */
  public double[] edges() {
    return edges.clone();
  }

  /**
   * The bin of {@code x}, or -1 when it lies outside every bin (below the first edge, above the last edge
   * without an overflow bin, or NaN).
   */
  public int bin(double x) {
    int last = edges.length - 1;
    if (!(x >= edges[0])) {
      return -1;
    }
    if (x > edges[last]) {
      return overflow ? last : -1;
    }
    if (x == edges[last]) {
      return last - 1;
    }
    int i = Arrays.binarySearch(edges, x);
    return i >= 0 ? i : -i - 2;
  }
}
