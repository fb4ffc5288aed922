package io.optim4rl.jobs.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.sl.SyntheticMnist;
import io.optim4rl.jobs.TestSpark;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectJobTest {

  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void rlAndSlRunsWriteEveryKthEntryOfEveryStepWithTheirParts() throws IOException {
    // catch: 64 envs x 20 steps = 1,280 env steps per iteration -> 40 iterations; 14,084 params / 100 -> 141
    Path rl = write("col_rl.yaml", "command: train\nbase:\n  task: catch\n  numEnvs: 64\n  trainSteps: 51200\n"
        + "  optimizer: {name: rmsprop, learningRate: 3e-3, gradClip: 1.0}\n");
    int[] labels = new int[10 * 12];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    SyntheticMnist.write(dir.resolve("mnist"), labels, true);
    Path sl = write("col_sl.yaml", "base:\n  source: sl\n  task: mnist\n  optimizer: {name: rmsprop, learningRate: 3e-4}\n"
        + "  collect: {everyCoord: 1000}\n  mnist: {dir: " + dir.resolve("mnist") + ", epochs: 3, batchSize: 8}\n");
    Warehouse wh = new Warehouse(dir.resolve("wh").toString());
    SparkSession spark = TestSpark.get();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    RunDriver.Summary a = CollectJob.run(spark, CollectJob.load(rl, List.of("collect.everyCoord=100")), wh, quiet);
    RunDriver.Summary b = CollectJob.run(spark, CollectJob.load(sl, List.of()), wh, quiet);
    assertEquals(1, a.completed(), a.outcomes().toString());
    assertEquals(1, b.completed(), b.outcomes().toString());
    Dataset<Row> g = spark.read().parquet(wh.tableDir(Tables.GRADIENTS.name()).toString());
    assertEquals(Tables.GRADIENTS.sparkType(), g.schema());
    g.createOrReplaceTempView("g");
    Row r = spark.sql("SELECT count(*), count(DISTINCT step), count(DISTINCT coord), max(coord), max(part), "
        + "min(part), max(abs(grad)) FROM g WHERE experiment = 'col_rl'").first();
    assertEquals(40L * 141, r.getLong(0));
    assertEquals(40, r.getLong(1));
    assertEquals(141, r.getLong(2));
    assertEquals(14_000L, r.getLong(3));
    assertEquals(30, r.getInt(4));
    assertEquals(1, r.getInt(5));
    assertTrue(r.getDouble(6) > 0);
    // 12 images per digit, batch 8 -> 8 per digit kept (80 images), 10 steps per epoch, 3 epochs = 30 steps
    // of 402 entries (401,850 params / 1000), one step per part
    Row s = spark.sql("SELECT count(*), count(DISTINCT step), count(DISTINCT coord), max(part), first(source), "
        + "first(task) FROM g WHERE experiment = 'col_sl'").first();
    assertEquals(30L * 402, s.getLong(0));
    assertEquals(30, s.getLong(1));
    assertEquals(402, s.getLong(2));
    assertEquals(30, s.getInt(3));
    assertEquals("sl", s.getString(4));
    assertEquals("mnist", s.getString(5));
  }

  @Test
  void missingMnistFilesFailBeforeSparkNamingTheFileAndTheSources() throws IOException {
    Path sl = write("col_sl.yaml", "base:\n  source: sl\n  task: mnist\n  mnist: {dir: " + dir + "}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> CollectJob.load(sl, List.of()));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("mnist.dir")
        && e.getMessage().contains("yann.lecun.com"), e.getMessage());
    Path mixed = write("bad.yaml", "base:\n  source: sl\n  task: catch\n  mnist: {dir: " + dir + "}\n");
    assertThrows(ConfigException.class, () -> CollectJob.load(mixed, List.of()));
  }

  @Test
  void theRepositoryConfigsLoad() {
    Path conf = Path.of("..", "conf");
    ExperimentConfig bdl = CollectJob.load(conf.resolve("collect_bdl.yaml"), List.of());
    assertEquals(2929, CollectConfig.steps(bdl.expand().get(0)));
    assertEquals(1500, CollectConfig.steps(CollectJob.load(conf.resolve("collect_bdl-small.yaml"), List.of())
        .expand().get(0)));
    assertEquals(List.of("collect_bdl", "collect_mnist"), AnalyzeConfig.of(ExperimentConfig.load(
        conf.resolve("analyze_gradients.yaml"), AnalyzeConfig.SCHEMA, List.of())).inputs());
  }
}
