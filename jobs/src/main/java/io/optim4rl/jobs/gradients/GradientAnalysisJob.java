package io.optim4rl.jobs.gradients;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;

import io.optim4rl.analysis.gradients.GradientBins;
import io.optim4rl.jobs.cli.UsageException;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;

/**
 * {@code analyze gradients}: for every run of the input experiments of the {@code gradients} table, the
 * histograms of every part (stage) and of all samples, and the exact 1-D Wasserstein distance W(stage, all)
 * of every stage, on raw g and on log10(|g| + 1e-8) (REFERENCE 7.3, 7.4), over every row (or a sample when
 * asked). Writes {@code gradient_histograms} and {@code gradient_distances} (one file per analysed run in the
 * analysis experiment's partition) and prints Table 4.
 *
 * <p>How: each row becomes (series = 2 x run index + space, value, stage); Spark range-partitions by
 * (series, value) and sorts within partitions; {@link SortedGradientPasses} counts per partition, the driver
 * derives each partition's starting cumulative counts, and a second pass over the same (shuffled) data sums
 * |F_stage - F_all| dx for all stages at once. Memory on the driver is one small record per (partition,
 * series); executors stream their partitions.
 */
public final class GradientAnalysisJob {

  /** Values per range partition when {@code partitions} is 0. */
  static final long VALUES_PER_PARTITION = 2_000_000L;
  static final String RAW = "raw";
  static final String LOG10 = "log10";

  private GradientAnalysisJob() {}

  /** One analysed run: W(stage, all) for stages 1..S in both spaces, and its sample count. */
  public record RunResult(String runId, String source, String task, double[] raw, double[] log10, long samples) {}

  /** Runs the analysis; returns the per-run distances (also written to the warehouse). */
  public static List<RunResult> run(SparkSession spark, AnalyzeConfig c, Warehouse warehouse, PrintStream out) {
    long t0 = System.nanoTime();
    Dataset<Row> g = input(spark, c, warehouse);
    List<Row> runs = g.select("run_id", "source", "task").distinct().collectAsList().stream()
        .sorted(Comparator.comparing((Row r) -> r.getString(1)).thenComparing(r -> r.getString(2))
            .thenComparing(r -> r.getString(0))).toList();
    List<Column> mapArgs = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      mapArgs.add(lit(runs.get(i).getString(0)));
      mapArgs.add(lit(i));
    }
    Column run = element_at(functions.map(mapArgs.toArray(new Column[0])), col("run_id"));
    long rows = g.count();
    int partitions = c.partitions() > 0 ? c.partitions() : (int) Math.max(spark.sparkContext().defaultParallelism(),
        Math.min(100_000, 2 * rows / VALUES_PER_PARTITION + 1));
    out.printf(Locale.ROOT, "analyze %s: %,d gradient rows of %d runs from %s; %d range partitions%s%n",
        c.experiment(), rows, runs.size(), c.inputs(), partitions,
        c.sampleFraction() < 1 ? String.format(Locale.ROOT, " (sample %.3g of the rows)", c.sampleFraction()) : "");
    Dataset<Row> values = g.select(run.multiply(2).as("series"), col("grad").as("value"), col("part").as("stage"))
        .union(g.select(run.multiply(2).plus(1).as("series"), log10(abs(col("grad")).plus(GradientBins.LOG_EPS))
            .as("value"), col("part").as("stage")));
    Dataset<Row> sorted = values.repartitionByRange(partitions, col("series"), col("value"))
        .sortWithinPartitions("series", "value");
    JavaRDD<InternalRow> rdd = sorted.queryExecution().toRdd().toJavaRDD();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<SortedGradientPasses.Segment> segments = SparkActions.await("sort and count", sc,
        countAsync(rdd));
    SortedGradientPasses.Plan plan = SortedGradientPasses.plan(segments, s -> s % 2 == 1,
        s -> "run " + runs.get(s / 2).getString(0));
    List<SortedGradientPasses.Contribution> parts = SparkActions.await("distances and histograms", sc,
        accumulateAsync(rdd, plan));
    List<RunResult> results = write(c, warehouse, runs, plan, parts);
    out.printf(Locale.ROOT, "analysed %,d values in %.1f s%n", 2 * rows, (System.nanoTime() - t0) / 1e9);
    Table4.print(out, results);
    return results;
  }

  private static org.apache.spark.api.java.JavaFutureAction<List<SortedGradientPasses.Segment>> countAsync(
      JavaRDD<InternalRow> rdd) {
    return SortedGradientPasses.countRdd(rdd).collectAsync();
  }

  private static org.apache.spark.api.java.JavaFutureAction<List<SortedGradientPasses.Contribution>> accumulateAsync(
      JavaRDD<InternalRow> rdd, SortedGradientPasses.Plan plan) {
    return SortedGradientPasses.accumulateRdd(rdd, plan).collectAsync();
  }

  /** The gradient rows of the input experiments (sampled when asked), failing clearly when there are none. */
  static Dataset<Row> input(SparkSession spark, AnalyzeConfig c, Warehouse warehouse) {
    for (String e : c.inputs()) {
      if (!warehouse.hasPartition(Tables.GRADIENTS.name(), e)) {
        throw new UsageException("no gradients of experiment '" + e + "' in " + warehouse.root() + " (collect them "
            + "first, for example bin/optim4rl collect --conf conf/" + e + ".yaml)");
      }
    }
    Dataset<Row> g = spark.read().parquet(warehouse.tableDir(Tables.GRADIENTS.name()).toString())
        .where(col("experiment").isin(c.inputs().toArray()));
    return c.sampleFraction() < 1 ? g.sample(false, c.sampleFraction(), c.seed()) : g;
  }

  private static List<RunResult> write(AnalyzeConfig c, Warehouse warehouse, List<Row> runs,
      SortedGradientPasses.Plan plan, List<SortedGradientPasses.Contribution> parts) {
    Map<Integer, double[]> sums = new HashMap<>();
    Map<Integer, long[][]> hists = new HashMap<>();
    for (SortedGradientPasses.Contribution p : parts) {
      double[] s = sums.computeIfAbsent(p.series(), k -> new double[p.sums().length]);
      long[][] h = hists.computeIfAbsent(p.series(), k -> new long[p.histogram().length][p.histogram()[0].length]);
      for (int k = 0; k < s.length; k++) {
        s[k] += p.sums()[k];
      }
      for (int k = 0; k < h.length; k++) {
        for (int b = 0; b < h[k].length; b++) {
          h[k][b] += p.histogram()[k][b];
        }
      }
    }
    List<RunResult> results = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Row r = runs.get(i);
      String runId = r.getString(0);
      List<Object[]> dist = new ArrayList<>();
      List<Object[]> hist = new ArrayList<>();
      for (int space = 0; space < 2; space++) {
        int series = 2 * i + space;
        String name = space == 0 ? RAW : LOG10;
        double[] w = sums.get(series);
        for (int k = 0; k < w.length; k++) {
          dist.add(new Object[] {runId, r.getString(1), r.getString(2), k + 1, name, w[k]});
        }
        GradientBins bins = plan.bins().get(series);
        long[][] h = hists.get(series);
        for (int stage = 0; stage < h.length; stage++) {
          for (int b = 0; b < h[stage].length; b++) {
            if (h[stage][b] > 0 || b < h[stage].length - 1 || space == 0) {
              hist.add(new Object[] {runId, r.getString(1), r.getString(2), stage, name, bins.lo(b), bins.hi(b),
                  h[stage][b]});
            }
          }
        }
      }
      warehouse.writeAtomically(Tables.GRADIENT_DISTANCES, c.experiment(), runId, dist);
      warehouse.writeAtomically(Tables.GRADIENT_HISTOGRAMS, c.experiment(), runId, hist);
      long samples = java.util.Arrays.stream(plan.stageTotals().get(2 * i)).sum();
      results.add(new RunResult(runId, r.getString(1), r.getString(2), sums.get(2 * i), sums.get(2 * i + 1), samples));
    }
    return results;
  }
}
