package io.optim4rl.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.TestSpark;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.meta.MetaTrainConfig;
import io.optim4rl.jobs.meta.MetaTrainJob;
import io.optim4rl.jobs.warehouse.TableSchema;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta-train then evaluate at toy scale: every table written has exactly its declared schema, and evaluate
 * is incremental (a second submission does nothing; a new seed evaluates only the new triples).
 */
class EvaluateJobTest {

  @TempDir Path dir;

  private ExperimentConfig load(String name, String yaml, io.optim4rl.jobs.config.ConfigSchema schema,
      String... sets) throws IOException {
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, yaml);
    return ExperimentConfig.load(p, schema, List.of(sets));
  }

  @Test
  void tablesMatchTheirSchemasAndEvaluationIsIncremental() throws IOException {
    SparkSession spark = TestSpark.get();
    Warehouse wh = new Warehouse(dir.resolve("wh").toString());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    ExperimentConfig meta = load("toymeta", String.join("\n", "base:", "  tasks: [catch]", "  units: 2",
        "  trainSteps: 800", "  checkpointEvery: 2", "  threads: 1", ""), MetaTrainConfig.SCHEMA);
    assertEquals(1, MetaTrainJob.run(spark, meta, wh, quiet, false).completed());
    String eval = String.join("\n", "base:", "  checkpoint.experiment: toymeta", "  task: catch", "  numEnvs: 4",
        "  trainSteps: 800", "  baselines: [adam]", "sweep:", "  seed: [1]", "");
    EvaluateJob.Result first = EvaluateJob.run(spark, load("toyeval", eval, EvaluateConfig.SCHEMA), wh, quiet);
    assertEquals(2, first.runs().completed(), "the final checkpoint and the adam baseline");
    EvaluateJob.Result again = EvaluateJob.run(spark, load("toyeval", eval, EvaluateConfig.SCHEMA), wh, quiet);
    assertEquals(0, again.runs().completed());
    assertEquals(2, again.runs().skipped());
    EvaluateJob.Result more = EvaluateJob.run(spark, load("toyeval", eval, EvaluateConfig.SCHEMA, "seed=[1,2]"), wh,
        quiet);
    assertEquals(2, more.runs().completed(), "only the new seed's two triples run");
    assertEquals(4, spark.read().parquet(wh.tableDir("evaluations").toString()).count());
    assertEquals(2, more.summaries().size());
    assertTrue(more.summaries().stream().allMatch(r -> r.summary().n() == 2));

    for (TableSchema t : List.of(Tables.META_STEPS, Tables.CHECKPOINTS, Tables.EVALUATIONS,
        Tables.EVALUATION_SUMMARIES, Tables.RETURNS)) {
      assertEquals(t.sparkType(), spark.read().parquet(wh.tableDir(t.name()).toString()).schema(), t.name());
    }
    List<String> runColumns = List.of(spark.read().option("mergeSchema", "true")
        .parquet(wh.tableDir("runs").toString()).columns());
    for (String c : Tables.RUNS.sparkType().fieldNames()) {
      assertTrue(runColumns.contains(c), "runs has " + c);
    }

    // the learning-curve report: one catch panel with a curve for the checkpoint and one for adam
    Path page = io.optim4rl.jobs.report.ReportJob.run(spark, wh, "toyeval", dir.resolve("report"), quiet);
    String html = java.nio.file.Files.readString(page);
    assertTrue(html.contains("FROM returns r LEFT JOIN evaluations e"), "the curve SQL is shown");
    assertTrue(html.contains("evaluation_summaries"), "the summary table's SQL is shown");
    assertTrue(html.contains(">adam</text>") && html.contains(">optim4rl "), "one curve per optimizer: " + html);
    assertTrue(java.nio.file.Files.size(dir.resolve("report/curves_catch.png")) > 1000);
  }
}
