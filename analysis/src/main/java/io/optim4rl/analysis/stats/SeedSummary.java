package io.optim4rl.analysis.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The summary statistics of a result over seeds used by the reference's analysis (REFERENCE 6): mean,
 * standard error with ddof 0, and a percentile-bootstrap confidence interval of the mean (scipy's
 * {@code bootstrap(method='percentile')} with 9,999 resamples by default). The reported "±" is half the
 * interval's width.
 *
 * @param n number of values
 * @param mean their mean
 * @param standardError population standard deviation / sqrt(n) (ddof 0)
 * @param ciLow lower end of the bootstrap interval
 * @param ciHigh upper end of the bootstrap interval
 */
public record SeedSummary(int n, double mean, double standardError, double ciLow, double ciHigh) {

  /** Resamples of the reference's analysis. */
  public static final int RESAMPLES = 9_999;
  /** Confidence level of the reference's analysis. */
  public static final double LEVEL = 0.90;

  /** Half the interval's width (the reference's "±"). */
  public double halfWidth() {
    return (ciHigh - ciLow) / 2;
  }

  /** The summary of {@code values} with the reference's settings and a seeded bootstrap. */
  public static SeedSummary of(double[] values, long seed) {
    return of(values, LEVEL, RESAMPLES, seed);
  }

  /** The summary with a given confidence level and number of resamples. */
  public static SeedSummary of(double[] values, double level, int resamples, long seed) {
    int n = values.length;
    if (n == 0) {
      return new SeedSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = Arrays.stream(values).average().orElseThrow();
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double se = Math.sqrt(ss / n) / Math.sqrt(n);
    double[] means = new double[resamples];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int r = 0; r < resamples; r++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += values[rng.nextInt(n)];
      }
      means[r] = s / n;
    }
    Arrays.sort(means);
    double alpha = (1 - level) / 2;
    return new SeedSummary(n, mean, se, percentile(means, alpha), percentile(means, 1 - alpha));
  }

  /** numpy's default ('linear') percentile of sorted values at fraction q in [0, 1]. */
  static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
