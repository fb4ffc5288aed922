package io.optim4rl.jobs.gradients;

import io.optim4rl.analysis.gradients.GradientBins;
import io.optim4rl.analysis.gradients.StagedWassersteinPass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The two passes of the exact staged Wasserstein distance over rows (series, value, stage) that Spark has
 * range-partitioned by (series, value) and sorted within partitions, so that a series' values are sorted
 * across consecutive partitions ({@code segments} = the piece of a series inside one partition).
 *
 * <ol>
 *   <li>{@link #countRdd}: per segment, the values of each stage and the segment's first and last value.
 *       The driver turns these into each segment's starting cumulative counts and preceding value
 *       ({@link Plan}).</li>
 *   <li>{@link #accumulateRdd}: per segment, a {@link StagedWassersteinPass} started from those counts, plus the
 *       histogram counts of every stage (and stage 0 = all) in the series' bins. Summing the segments'
 *       contributions in any order gives W(stage, all) exactly as one sorted pass would.</li>
 * </ol>
 * Both passes run over the same RDD, so Spark reuses the shuffle files of the first and only re-reads and
 * re-sorts partitions. The driver holds one small record per segment, never the values.
 */
final class SortedGradientPasses {

  private SortedGradientPasses() {}

  /** Pass 1 result for one series inside one partition. */
  record Segment(int partition, int series, long[] stageCounts, double first, double last) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Pass 2 result for one segment: W contributions per stage and histogram counts [stage 0..S][bin]. */
  record Contribution(int series, double[] sums, long[][] histogram) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** What pass 2 needs: per (partition, series) the counts before and the preceding value; per series totals and bins. */
  record Plan(Map<Long, long[]> countsBefore, Map<Long, Double> previous, Map<Integer, long[]> stageTotals,
      Map<Integer, GradientBins> bins) implements Serializable {
    private static final long serialVersionUID = 1L;

    static long key(int partition, int series) {
      return ((long) partition << 32) | (series & 0xffffffffL);
    }
  }

  /** Pass 1: stage counts and first/last value per segment. */
  static JavaRDD<Segment> countRdd(JavaRDD<InternalRow> sorted) {
    return sorted.mapPartitionsWithIndex((Integer partition, Iterator<InternalRow> it) -> {
      List<Segment> out = new ArrayList<>();
      int series = Integer.MIN_VALUE;
      long[] counts = null;
      double first = 0;
      double last = 0;
      while (it.hasNext()) {
        InternalRow r = it.next();
        int s = r.getInt(0);
        double v = r.getDouble(1);
        int stage = r.getInt(2);
        if (s != series) {
          if (counts != null) {
            out.add(new Segment(partition, series, counts, first, last));
          }
          series = s;
          counts = new long[8];
          first = v;
        }
        if (stage < 1) {
          throw new IllegalArgumentException("gradients row with part " + stage + " (parts are numbered from 1)");
        }
        if (stage > counts.length) {
          counts = Arrays.copyOf(counts, Math.max(stage, counts.length * 2));
        }
        counts[stage - 1]++;
        last = v;
      }
      if (counts != null) {
        out.add(new Segment(partition, series, counts, first, last));
      }
      return out.iterator();
    }, false);
  }

  /**
   * The plan of pass 2 from the segments of pass 1: segments of a series in partition order, the number of
   * stages of a series is its largest part, and every stage must have values.
   *
   * @param logSeries whether a series is in log10 space (fixed bins) or raw (40 bins over its min..max)
   * @param describe names a series in error messages
   */
  static Plan plan(List<Segment> segments, java.util.function.IntPredicate logSeries,
      java.util.function.IntFunction<String> describe) {
    Map<Integer, List<Segment>> bySeries = new HashMap<>();
    for (Segment s : segments) {
      bySeries.computeIfAbsent(s.series(), k -> new ArrayList<>()).add(s);
    }
    Map<Long, long[]> before = new HashMap<>();
    Map<Long, Double> previous = new HashMap<>();
    Map<Integer, long[]> totals = new HashMap<>();
    Map<Integer, GradientBins> bins = new HashMap<>();
    for (Map.Entry<Integer, List<Segment>> e : bySeries.entrySet()) {
      List<Segment> list = e.getValue();
      list.sort(Comparator.comparingInt(Segment::partition));
      int stages = 0;
      for (Segment s : list) {
        for (int k = 0; k < s.stageCounts().length; k++) {
          if (s.stageCounts()[k] > 0) {
            stages = Math.max(stages, k + 1);
          }
        }
      }
      long[] cum = new long[stages];
      double prev = Double.NaN;
      for (Segment s : list) {
        long key = Plan.key(s.partition(), e.getKey());
        before.put(key, cum.clone());
        previous.put(key, prev);
        for (int k = 0; k < s.stageCounts().length; k++) {
          if (s.stageCounts()[k] > 0) {
            cum[k] += s.stageCounts()[k];
          }
        }
        prev = s.last();
      }
      for (int k = 0; k < stages; k++) {
        if (cum[k] == 0) {
          throw new IllegalStateException(describe.apply(e.getKey()) + ": part " + (k + 1) + " of " + stages
              + " has no gradient rows; the parts of a run must be 1..N without gaps (was the run written whole?)");
        }
      }
      totals.put(e.getKey(), cum);
      bins.put(e.getKey(), logSeries.test(e.getKey()) ? GradientBins.log10()
          : GradientBins.raw(list.get(0).first(), list.get(list.size() - 1).last()));
    }
    return new Plan(before, previous, totals, bins);
  }

  /** Pass 2: per segment, W contributions per stage and histograms. */
  static JavaRDD<Contribution> accumulateRdd(JavaRDD<InternalRow> sorted, Plan plan) {
    return sorted.mapPartitionsWithIndex((Integer partition, Iterator<InternalRow> it) -> {
      List<Contribution> out = new ArrayList<>();
      int series = Integer.MIN_VALUE;
      StagedWassersteinPass pass = null;
      long[][] hist = null;
      GradientBins bins = null;
      while (it.hasNext()) {
        InternalRow r = it.next();
        int s = r.getInt(0);
        double v = r.getDouble(1);
        int stage = r.getInt(2);
        if (s != series) {
          if (pass != null) {
            out.add(new Contribution(series, pass.sums(), hist));
          }
          series = s;
          long key = Plan.key(partition, s);
          long[] totals = plan.stageTotals().get(s);
          pass = new StagedWassersteinPass(totals, plan.countsBefore().get(key), plan.previous().get(key));
          bins = plan.bins().get(s);
          hist = new long[totals.length + 1][bins.count()];
        }
        pass.add(v, stage);
        int b = bins.bin(v);
        if (b < 0) {
          throw new IllegalStateException("value " + v + " outside the bins " + Arrays.toString(bins.edges()));
        }
        hist[0][b]++;
        hist[stage][b]++;
      }
      if (pass != null) {
        out.add(new Contribution(series, pass.sums(), hist));
      }
      return out.iterator();
    }, false);
  }
}
