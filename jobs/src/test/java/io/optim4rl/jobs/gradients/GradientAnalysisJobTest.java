package io.optim4rl.jobs.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.analysis.gradients.ArraySplit;
import io.optim4rl.analysis.gradients.GradientBins;
import io.optim4rl.analysis.gradients.Wasserstein1d;
import io.optim4rl.jobs.TestSpark;
import io.optim4rl.jobs.cli.UsageException;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientAnalysisJobTest {

  @TempDir Path dir;

  /** Writes a run of {@code steps} steps x {@code coords} values; returns the values in row order. */
  private static double[] writeRun(Warehouse wh, String experiment, String runId, String source, int steps,
      int coords, long seed) {
    Random r = new Random(seed);
    List<Object[]> rows = new ArrayList<>();
    double[] values = new double[steps * coords];
    for (int t = 0; t < steps; t++) {
      int part = ArraySplit.part(t, steps, 30);
      for (int k = 0; k < coords; k++) {
        double g = r.nextInt(4) == 0 ? 0.0 : (float) (r.nextGaussian() * Math.pow(10, -4 + 3.0 * part / 30));
        values[t * coords + k] = g;
        rows.add(new Object[] {runId, source, source.equals("rl") ? "big_dense_long" : "mnist", (long) t, part,
            (long) k * 100, g});
      }
    }
    wh.writeAtomically(Tables.GRADIENTS, experiment, runId, rows);
    return values;
  }

  @Test
  void distancesEqualThePlainSortedMergeAndHistogramsSumToTheSamples() throws java.io.IOException {
    Warehouse wh = new Warehouse(dir.toString());
    double[] rl = writeRun(wh, "col_rl", "rl1", "rl", 65, 13, 1);
    double[] sl = writeRun(wh, "col_sl", "sl1", "sl", 90, 7, 2);
    SparkSession spark = TestSpark.get();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    AnalyzeConfig c = new AnalyzeConfig("an", List.of("col_rl", "col_sl"), 1.0, 1, 5);
    List<GradientAnalysisJob.RunResult> res = GradientAnalysisJob.run(spark, c, wh,
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertEquals(2, res.size());
    assertEquals("rl", res.get(0).source());
    check(res.get(0), rl, 65, 13);
    check(res.get(1), sl, 90, 7);
    String printed = buf.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("Table 4"), printed);
    assertTrue(printed.contains("every RL distance exceeds its MNIST counterpart (raw)"), printed);

    Dataset<Row> d = spark.read().parquet(wh.tableDir(Tables.GRADIENT_DISTANCES.name()).toString());
    assertEquals(Tables.GRADIENT_DISTANCES.sparkType(), d.schema());
    assertEquals(2 * 2 * 30, d.count());
    Dataset<Row> h = spark.read().parquet(wh.tableDir(Tables.GRADIENT_HISTOGRAMS.name()).toString());
    assertEquals(Tables.GRADIENT_HISTOGRAMS.sparkType(), h.schema());
    h.createOrReplaceTempView("h");
    // every stage's histogram, in both spaces, sums to its samples; stage 0 to all of the run's samples
    List<Row> sums = spark.sql("SELECT run_id, space, stage, sum(count) FROM h GROUP BY run_id, space, stage")
        .collectAsList();
    assertEquals(2 * 2 * 31, sums.size());
    for (Row r : sums) {
      int steps = r.getString(0).equals("rl1") ? 65 : 90;
      int coords = r.getString(0).equals("rl1") ? 13 : 7;
      int stage = r.getInt(2);
      long expected = stage == 0 ? (long) steps * coords : ArraySplit.size(stage, steps, 30) * coords;
      assertEquals(expected, r.getLong(3), r.toString());
    }
    // exact zeros land in the log10 bin [-8, -7.5)
    long zeros = java.util.Arrays.stream(rl).filter(x -> x == 0).count();
    // the report: page with the SQL of every table, figures as SVG and PNG
    Path page = io.optim4rl.jobs.report.ReportJob.run(spark, wh, "an", dir.resolve("report"), System.out);
    String html = java.nio.file.Files.readString(page);
    assertTrue(html.contains("FROM gradient_distances WHERE experiment = 'an'") && html.contains("<svg"), html);
    assertTrue(java.nio.file.Files.size(dir.resolve("report/distances_raw.png")) > 1000);
    assertTrue(java.nio.file.Files.exists(dir.resolve("report/histograms_rl1.svg")));
    assertEquals(zeros, spark.sql("SELECT count FROM h WHERE run_id = 'rl1' AND space = 'log10' AND stage = 0 "
        + "AND bin_lo = -8.0").first().getLong(0));
  }

  private static void check(GradientAnalysisJob.RunResult r, double[] values, int steps, int coords) {
    assertEquals((long) steps * coords, r.samples());
    double[] logs = java.util.Arrays.stream(values).map(GradientBins::logTransform).toArray();
    for (int s = 1; s <= 30; s++) {
      int stage = s;
      int[] idx = IntStream.range(0, values.length).filter(i -> ArraySplit.part(i / coords, steps, 30) == stage)
          .toArray();
      double raw = Wasserstein1d.distance(IntStream.of(idx).mapToDouble(i -> values[i]).toArray(), values);
      double log = Wasserstein1d.distance(IntStream.of(idx).mapToDouble(i -> logs[i]).toArray(), logs);
      assertEquals(raw, r.raw()[s - 1], 1e-12 * Math.max(raw, 1e-300), "raw stage " + s);
      assertEquals(log, r.log10()[s - 1], 1e-12 * log, "log10 stage " + s);
    }
  }

  @Test
  void aMissingInputExperimentIsNamed() {
    Warehouse wh = new Warehouse(dir.toString());
    UsageException e = assertThrows(UsageException.class, () -> GradientAnalysisJob.run(TestSpark.get(),
        new AnalyzeConfig("an", List.of("nothing_here"), 1.0, 1, 0), wh, System.out));
    assertTrue(e.getMessage().contains("nothing_here"), e.getMessage());
  }
}
