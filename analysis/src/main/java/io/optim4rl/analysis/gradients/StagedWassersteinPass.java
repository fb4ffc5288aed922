package io.optim4rl.analysis.gradients;

import java.util.Arrays;

/**
 * One ordered pass over a stretch of sorted values that accumulates {@code W(stage s, all)} for every stage
 * at once: both CDFs are step functions on the sorted union of the values, so
 * {@code W_s = sum_i |C_s(x_i) / n_s - C(x_i) / N| * (x_{i+1} - x_i)}, where {@code C_s(x)} counts the values
 * of stage s that are {@code <= x}, {@code C(x)} all values, and {@code n_s}, {@code N} are the totals
 * ({@link Wasserstein1d} with the stage as u and the whole as v; ties contribute nothing since their gap is 0).
 *
 * <p>A sorted sequence may be cut into consecutive stretches (Spark range partitions): a stretch starts from
 * the cumulative counts of all values before it and the last value before it, and the stretches' sums add up
 * to the whole. Sums are compensated (Kahan), so 1e8 terms lose no precision that matters.
 */
public final class StagedWassersteinPass {

  private final long[] stageTotals;
  private final long total;
  private final long[] cumulative;
  private long cumulativeAll;
  private double previous;
  private final double[] sums;
  private final double[] compensation;
  private long count;

  /**
   * A pass over a stretch.
   *
   * @param stageTotals n_s of stages 1..S (index s - 1); every stage must have at least one value
   * @param countsBefore how many values of each stage come before the stretch (a copy is taken)
   * @param previousValue the last value before the stretch, NaN for the first stretch
   */
  public StagedWassersteinPass(long[] stageTotals, long[] countsBefore, double previousValue) {
    if (countsBefore.length != stageTotals.length) {
      throw new IllegalArgumentException(stageTotals.length + " stage totals but " + countsBefore.length + " counts");
    }
    long n = 0;
    for (int s = 0; s < stageTotals.length; s++) {
      if (stageTotals[s] <= 0) {
        throw new IllegalArgumentException("stage " + (s + 1) + " has no values");
      }
      n += stageTotals[s];
    }
    this.stageTotals = stageTotals.clone();
    this.total = n;
    this.cumulative = countsBefore.clone();
    this.cumulativeAll = Arrays.stream(countsBefore).sum();
    this.previous = previousValue;
    this.sums = new double[stageTotals.length];
    this.compensation = new double[stageTotals.length];
  }

  /**
   * The next value in sorted order and its 1-based stage.
   *
   * @throws IllegalArgumentException if values go down, a value is not finite, or the stage is out of range
   */
  public void add(double value, int stage) {
    if (!(value >= previous) && !Double.isNaN(previous) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("values must be finite and sorted: " + value + " after " + previous);
    }
    if (stage < 1 || stage > stageTotals.length) {
      throw new IllegalArgumentException("stage " + stage + " is outside 1.." + stageTotals.length);
    }
    if (value > previous) {
      accumulate(value - previous);
    }
    cumulative[stage - 1]++;
    cumulativeAll++;
    previous = value;
    count++;
  }

  private void accumulate(double dx) {
    double all = (double) cumulativeAll / total;
    for (int s = 0; s < sums.length; s++) {
      double term = Math.abs((double) cumulative[s] / stageTotals[s] - all) * dx - compensation[s];
      double t = sums[s] + term;
      compensation[s] = (t - sums[s]) - term;
      sums[s] = t;
    }
  }

  /** The stretch's contribution to W(stage s, all), index s - 1. */
  public double[] sums() {
    return sums.clone();
  }

  /** Values seen in this stretch. */
  public long count() {
    return count;
  }

  /**
   * W(stage s, all) for every stage over a whole sorted sample (one stretch).
   *
   * @param sortedValues values in non-decreasing order
   * @param stages their 1-based stages
   * @param numStages S
   */
  public static double[] distances(double[] sortedValues, int[] stages, int numStages) {
    long[] totals = new long[numStages];
    for (int s : stages) {
      totals[s - 1]++;
    }
    StagedWassersteinPass pass = new StagedWassersteinPass(totals, new long[numStages], Double.NaN);
    for (int i = 0; i < sortedValues.length; i++) {
      pass.add(sortedValues[i], stages[i]);
    }
    return pass.sums();
  }
}
