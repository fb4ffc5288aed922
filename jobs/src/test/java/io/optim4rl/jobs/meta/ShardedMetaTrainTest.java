package io.optim4rl.jobs.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.TestSpark;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meta-train --shards 2} on local Spark: a barrier stage of two shards gives exactly the unsharded
 * run's checkpoints and meta_steps, and a shard killed mid-run restarts both shards from the last checkpoint.
 */
class ShardedMetaTrainTest {

  @TempDir Path dir;

  private static final String SMALL = String.join("\n",
      "command: meta-train",
      "base:",
      "  tasks: [catch]",
      "  units: 4",
      "  trainSteps: 4800", // 12 iterations of 4 x 20 x 5 steps
      "  optimizer: {name: optim4rl, learningRate: 1e-3, mlpDims: [16, 16]}",
      "  pipeline.resetInterval: 4",
      "  metaOptimizer: {learningRate: 1e-3, gradNorm: 0.5}",
      "  checkpointEvery: 3",
      "  threads: 1",
      "");

  private ExperimentConfig config(String name) throws IOException {
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, SMALL);
    return ExperimentConfig.load(p, MetaTrainConfig.SCHEMA, List.of());
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static List<Row> rows(SparkSession spark, Warehouse wh, String table, String cols) {
    return spark.read().parquet(wh.tableDir(table).toString()).selectExpr(cols.split(",")).orderBy("iteration")
        .collectAsList();
  }

  @Test
  void twoShardsEqualTheUnshardedRun() throws IOException {
    SparkSession spark = TestSpark.get();
    Warehouse one = new Warehouse(dir.resolve("one").toString());
    Warehouse two = new Warehouse(dir.resolve("two").toString());
    RunDriver.Summary a = MetaTrainJob.run(spark, config("small"), one, quiet(), false, 1, 0);
    RunDriver.Summary b = MetaTrainJob.run(spark, config("small"), two, quiet(), false, 2, 0);
    assertEquals(1, a.completed());
    assertEquals(1, b.completed());
    assertEquals(rows(spark, one, "checkpoints", "iteration,sha256,is_final"),
        rows(spark, two, "checkpoints", "iteration,sha256,is_final"));
    String steps = "iteration,env_steps,meta_loss,meta_grad_norm,mean_return,episodes,resets,nan_events";
    List<Row> stepsOne = rows(spark, one, "meta_steps", steps);
    assertEquals(12, stepsOne.size());
    assertEquals(stepsOne, rows(spark, two, "meta_steps", steps));
    RunDriver.Summary again = MetaTrainJob.run(spark, config("small"), two, quiet(), false, 2, 0);
    assertEquals(1, again.skipped(), "a completed sharded run is not run again");
  }

  @Test
  void aKilledShardRestartsBothShardsFromTheLastCheckpoint() throws Exception {
    SparkSession spark = TestSpark.get();
    Warehouse wh = new Warehouse(dir.resolve("fault").toString());
    Set<Long> barrierTasks = ConcurrentHashMap.newKeySet();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskStart(SparkListenerTaskStart e) {
        barrierTasks.add(e.taskInfo().taskId());
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      ExperimentConfig cfg = config("fault");
      CompletableFuture<RunDriver.Summary> job = CompletableFuture.supplyAsync(
          () -> MetaTrainJob.run(spark, cfg, wh, quiet(), false, 2, 2));
      Path checkpoints = dir.resolve("fault/checkpoints/experiment=fault");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!(Files.isDirectory(checkpoints) && Files.list(checkpoints).anyMatch(f -> f.toString().endsWith(".parquet")))) {
        assertTrue(System.nanoTime() < deadline, "no checkpoint within 2 minutes");
        assertFalse(job.isDone(), "the run finished before a shard could be killed");
        Thread.sleep(50);
      }
      long victim = barrierTasks.stream().mapToLong(Long::longValue).max().orElseThrow();
      assertTrue(spark.sparkContext().killTaskAttempt(victim, true, "test: a shard dies"));
      RunDriver.Summary s = job.get(5, TimeUnit.MINUTES);
      assertEquals(1, s.completed(), "the run completes after the restart");
      List<Row> steps = rows(spark, wh, "meta_steps", "iteration");
      assertEquals(12, steps.size(), "every iteration exactly once: " + steps);
      for (int i = 0; i < 12; i++) {
        assertEquals(i + 1L, steps.get(i).getLong(0));
      }
      assertEquals(1, spark.read().parquet(wh.tableDir("checkpoints").toString()).where("is_final").count());
      assertTrue(barrierTasks.size() > 2, "the barrier stage ran again: " + barrierTasks.size() + " task attempts");
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }
}
