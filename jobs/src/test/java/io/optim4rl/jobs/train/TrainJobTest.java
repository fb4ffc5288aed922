package io.optim4rl.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.Main;
import io.optim4rl.jobs.TestSpark;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: YAML to Spark tasks to Parquet, skip of completed runs, determinism, SQL. */
class TrainJobTest {

  @TempDir Path dir;

  private static final String TINY = String.join("\n",
      "experiment: tiny",
      "base:",
      "  task: catch",
      "  numEnvs: 8",
      "  trainSteps: 4800", // 30 iterations of 8 x 20 steps
      "  optimizer: {name: adam, learningRate: 1e-3}",
      "sweep:",
      "  seed: [1, 2]",
      "");

  private ExperimentConfig config(String yaml, String... sets) throws IOException {
    Path p = dir.resolve("tiny.yaml");
    Files.writeString(p, yaml);
    return ExperimentConfig.load(p, TrainConfig.SCHEMA, List.of(sets));
  }

  @Test
  void trainsEveryRunOnceWritesTablesAndSkipsCompletedRuns() throws IOException {
    SparkSession spark = TestSpark.get();
    Warehouse wh = new Warehouse(dir.resolve("wh").toString());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    RunDriver.Summary first = TrainJob.run(spark, config(TINY), wh, quiet);
    assertEquals(2, first.completed());
    assertEquals(0, first.failed());

    Dataset<Row> runs = spark.read().parquet(wh.tableDir("runs").toString());
    assertEquals(2, runs.where("status = 'completed'").count());
    assertEquals(2, runs.select("run_id").distinct().count());
    Row run = runs.orderBy("seed").first();
    assertTrue(run.getString(run.fieldIndex("config_json")).contains("\"task\":\"catch\""));
    assertEquals(1L, run.getLong(run.fieldIndex("seed")));
    assertEquals("tiny", run.getString(run.fieldIndex("experiment")));
    assertEquals("adam", run.getString(run.fieldIndex("optimizer_name")), "every config key is a column");
    assertEquals(1e-3, run.getDouble(run.fieldIndex("optimizer_learning_rate")));
    assertEquals(8L, run.getLong(run.fieldIndex("num_envs")));
    assertEquals("{\"seed\":1}", run.getString(run.fieldIndex("sweep_json")));
    assertTrue(run.getDouble(run.fieldIndex("final_return")) >= -1);

    Dataset<Row> returns = spark.read().parquet(wh.tableDir("returns").toString());
    assertEquals(Tables.RETURNS.sparkType(), returns.schema());
    // Catch episodes last 9 steps, so every one of the 30 iterations of 20 steps ends episodes.
    assertEquals(60, returns.count());
    assertEquals(2, returns.select("run_id").distinct().count());
    Row r0 = returns.where("seed = 1 AND iteration = 1").first();
    assertEquals(160L, r0.getLong(r0.fieldIndex("env_steps")));
    double ret = r0.getDouble(r0.fieldIndex("episode_return"));
    assertTrue(ret >= -1 && ret <= 1, "catch returns are in [-1, 1]: " + ret);

    RunDriver.Summary second = TrainJob.run(spark, config(TINY), wh, quiet);
    assertEquals(2, second.skipped());
    assertEquals(0, second.completed());
    assertEquals(60, spark.read().parquet(wh.tableDir("returns").toString()).count(), "nothing written twice");
  }

  @Test
  void theSameRunGivesBitIdenticalRowsAloneOrBesideOthers() throws IOException {
    SparkSession spark = TestSpark.get();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Warehouse both = new Warehouse(dir.resolve("both").toString());
    Warehouse alone = new Warehouse(dir.resolve("alone").toString());
    TrainJob.run(spark, config(TINY), both, quiet);
    TrainJob.run(spark, config(TINY, "seed=2"), alone, quiet);
    List<Row> a = spark.read().parquet(both.tableDir("returns").toString()).where("seed = 2")
        .orderBy("iteration").collectAsList();
    List<Row> b = spark.read().parquet(alone.tableDir("returns").toString()).orderBy("iteration").collectAsList();
    assertEquals(a, b);
  }

  @Test
  void aDivergingRunIsRecordedAsFailedWithItsErrorAndTheOthersComplete() throws IOException {
    String yaml = String.join("\n",
        "experiment: diverge",
        "base:",
        "  task: small_dense_short",
        "  numEnvs: 4",
        "  trainSteps: 8000",
        "  optimizer: {name: sgd, learningRate: 1e-3}",
        "sweep:",
        "  rewardScaling: [1e9, 1]",
        "");
    SparkSession spark = TestSpark.get();
    Warehouse wh = new Warehouse(dir.resolve("wh-diverge").toString());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    RunDriver.Summary s = TrainJob.run(spark, config(yaml), wh, quiet);
    assertEquals(1, s.failed());
    assertEquals(1, s.completed());
    Row failed = spark.read().parquet(wh.tableDir("runs").toString()).where("status = 'failed'").first();
    String error = failed.getString(failed.fieldIndex("error"));
    assertTrue(error.contains("diverged") && error.contains("learning rate"), error);
    assertEquals(1e9, failed.getDouble(failed.fieldIndex("reward_scaling")));
    assertEquals(1, spark.read().parquet(wh.tableDir("returns").toString()).select("run_id").distinct().count(),
        "a failed run leaves no returns rows");
  }

  @Test
  void mainRunsTrainAndSqlAndRejectsBadConfigBeforeSpark() throws IOException {
    Path conf = dir.resolve("one.yaml");
    Files.writeString(conf, TINY);
    String wh = dir.resolve("wh-main").toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(0, Main.run(new String[] {"train", "--conf", conf.toString(), "--set", "seed=1", "--warehouse", wh,
        "--master", "local[2]"}, o, e));
    out.reset();
    assertEquals(0, Main.run(new String[] {"sql", "--warehouse", wh, "--format", "csv",
        "SELECT run_id, count(*) AS n FROM returns GROUP BY run_id"}, o, e));
    String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
    assertEquals("run_id,n", lines[0]);
    assertEquals(2, lines.length);
    assertTrue(lines[1].endsWith(",30"), lines[1]);

    err.reset();
    assertEquals(Main.EXIT_USAGE, Main.run(new String[] {"train", "--conf", conf.toString(), "--set", "numEnvz=3"},
        o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("numEnvz"));
  }
}
