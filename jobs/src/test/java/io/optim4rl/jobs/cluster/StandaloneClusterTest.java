package io.optim4rl.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.ExecutorWatchdog;
import io.optim4rl.jobs.Main;
import io.optim4rl.jobs.TestSpark;
import io.optim4rl.jobs.runs.RunProgress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster (a master and two 1-core workers on 127.0.0.1, child JVMs) running the
 * {@code train}, {@code sweep} and {@code meta-train --shards 2} commands submitted through SparkSubmit: the
 * warehouse equals local mode's, a resubmission trains nothing, a sweep survives losing a worker with every
 * run recorded exactly once, a sharded meta-training run whose executor is killed resumes from its
 * checkpoint and finishes, and an application whose executors cannot start is ended by the driver's
 * {@link ExecutorWatchdog} with its message.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {

  private static final Duration APP_TIMEOUT = Duration.ofSeconds(240);
  private static StandaloneCluster cluster;

  @TempDir static Path dir;

  @BeforeAll
  static void startCluster() throws IOException {
    // The JVMs come up while the first test runs local mode.
    cluster = StandaloneCluster.launch(StandaloneCluster.newDir("standalone-cluster"), 2, 1, "2g");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Path config(String name, int runs, int numEnvs, int trainSteps) throws IOException {
    StringBuilder seeds = new StringBuilder();
    for (int s = 1; s <= runs; s++) {
      seeds.append(s == 1 ? "" : ", ").append(s);
    }
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, String.join("\n",
        "experiment: " + name,
        "base:",
        "  task: catch",
        "  numEnvs: " + numEnvs,
        "  trainSteps: " + trainSteps,
        "  optimizer: {name: adam, learningRate: 1e-3}",
        "sweep:",
        "  seed: [" + seeds + "]",
        ""));
    return p;
  }

  @Test
  @Order(1)
  void aSweepOnTwoWorkersWritesWhatLocalModeWritesAndIsNotRunTwice() throws IOException {
    // 4 runs of 30 iterations (16 envs x 20 steps).
    Path conf = config("cluster_sweep", 4, 16, 9600);
    String onCluster = dir.resolve("wh-cluster").toString();
    String local = dir.resolve("wh-local").toString();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(0, Main.run(new String[] {"train", "--conf", conf.toString(), "--warehouse", local,
        "--master", "local[2]"}, o, o), out.toString(StandardCharsets.UTF_8));

    cluster.ensureWorkers(2);
    StandaloneCluster.Submission s = cluster.submit(List.of("train", "--conf", conf.toString(), "--warehouse",
        onCluster), APP_TIMEOUT);
    assertEquals(0, s.exitCode(), s.output());
    assertTrue(s.output().contains("4 runs, 0 already in " + onCluster + ", 4 to run"), s.output());

    SparkSession spark = TestSpark.get();
    List<Row> clusterRuns = runs(spark, onCluster);
    assertEquals(4, clusterRuns.size());
    assertEquals(runs(spark, local), clusterRuns, "run ids and statuses");
    clusterRuns.forEach(r -> assertEquals("completed", r.getString(1)));
    List<Row> clusterReturns = returns(spark, onCluster);
    assertEquals(4 * 30, clusterReturns.size());
    assertEquals(returns(spark, local), clusterReturns, "returns rows, bit for bit");

    StandaloneCluster.Submission again = cluster.submit(List.of("train", "--conf", conf.toString(), "--warehouse",
        onCluster), APP_TIMEOUT);
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.output().contains("4 runs, 4 already in " + onCluster + ", 0 to run"), again.output());
    assertEquals(clusterReturns, returns(spark, onCluster), "the resubmission wrote nothing");
  }

  @Test
  @Order(2)
  void aSweepSurvivesLosingAWorkerAndRecordsEveryRunExactlyOnce() throws Exception {
    cluster.ensureWorkers(2);
    List<Integer> workers = cluster.runningWorkers();
    int victim = workers.get(workers.size() - 1);
    // 5 runs of 40 iterations (64 envs x 20 steps), a few seconds each.
    Path conf = config("cluster_fault", 5, 64, 51200);
    Path wh = dir.resolve("wh-fault");
    Path log = cluster.newLog("fault");
    Process app = cluster.submitAsync(cluster.masterUrl(), List.of("train", "--conf", conf.toString(),
        "--warehouse", wh.toString()), log);

    // Kill the victim while both 1-core executors run a task: two runs in progress, not finished. One of them
    // runs on the victim, so it completes only if Spark re-executes it elsewhere.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    List<String> inFlight;
    while ((inFlight = runsInProgress(wh)).size() < 2 || cluster.executorCount(victim) == 0) {
      assertTrue(app.isAlive(), () -> "the application ended before the kill:\n" + read(log));
      assertTrue(System.nanoTime() < deadline, () -> "no two runs in progress after 150 s:\n" + read(log));
      Thread.sleep(50);
    }
    cluster.killWorker(victim);

    assertTrue(app.waitFor(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS), () -> "the sweep did not finish:\n"
        + read(log));
    String output = read(log);
    assertEquals(0, app.exitValue(), output);
    assertTrue(output.contains("Lost executor"), "the driver saw the executor go:\n" + output);

    SparkSession spark = TestSpark.get();
    Dataset<Row> runs = spark.read().parquet(wh.resolve("runs").toString());
    assertEquals(5, runs.count(), "one runs row per run");
    assertEquals(5, runs.select("run_id").distinct().count());
    assertEquals(5, runs.where("status = 'completed'").count());
    for (String runId : inFlight) {
      assertEquals(1, runs.where("run_id = '" + runId + "' AND status = 'completed'").count(), runId);
    }
    Dataset<Row> returns = spark.read().parquet(wh.resolve("returns").toString());
    assertEquals(5 * 40, returns.count());
    assertEquals(0, returns.groupBy("run_id", "iteration").count().where("count > 1").count(),
        "no duplicated (run_id, iteration)");
    assertEquals(5, returns.select("run_id").distinct().count());
  }

  @Test
  @Order(3)
  void aMetaTrainingSweepAndATwoShardRunOnTheClusterEqualLocalMode() throws IOException {
    cluster.ensureWorkers(2);
    String onCluster = dir.resolve("wh-meta-cluster").toString();
    String local = dir.resolve("wh-meta-local").toString();
    List<String> small = List.of("--conf", META_SMALL, "--set", "trainSteps=4800",
        "--set", "units=4", "--set", "checkpointEvery=4", "--set", "threads=1");
    StandaloneCluster.Submission sweep = cluster.submit(concat(List.of("sweep"), small, List.of("--warehouse",
        onCluster)), APP_TIMEOUT);
    assertEquals(0, sweep.exitCode(), sweep.output());
    StandaloneCluster.Submission again = cluster.submit(concat(List.of("sweep"), small, List.of("--warehouse",
        onCluster)), APP_TIMEOUT);
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.output().contains("1 runs, 1 already in " + onCluster + ", 0 to run"), again.output());

    String sharded = dir.resolve("wh-meta-sharded").toString();
    StandaloneCluster.Submission two = cluster.submit(concat(List.of("meta-train"), small, List.of("--warehouse",
        sharded, "--shards", "2")), APP_TIMEOUT);
    assertEquals(0, two.exitCode(), two.output());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(0, Main.run(concat(List.of("meta-train"), small, List.of("--warehouse", local, "--master",
        "local[2]")).toArray(String[]::new), o, o), out.toString(StandardCharsets.UTF_8));
    SparkSession spark = TestSpark.get();
    List<Row> expected = checkpoints(spark, local);
    assertEquals(3, expected.size(), "checkpoints at 4, 8 and 12");
    assertEquals(expected, checkpoints(spark, onCluster), "the cluster sweep's checkpoints");
    assertEquals(expected, checkpoints(spark, sharded), "the 2-shard run's checkpoints, bit for bit");
  }

  @Test
  @Order(4)
  void aShardedRunWhoseExecutorIsKilledResumesFromItsCheckpointAndFinishes() throws Exception {
    cluster.ensureWorkers(2);
    Path wh = dir.resolve("wh-shard-fault");
    Path log = cluster.newLog("shard-fault");
    Process app = cluster.submitAsync(cluster.masterUrl(), List.of("meta-train", "--conf",
        META_SMALL, "--set", "trainSteps=12000", "--set", "units=4", "--set",
        "checkpointEvery=5", "--set", "threads=1", "--shards", "2", "--warehouse", wh.toString()), log);
    Path checkpoints = wh.resolve("checkpoints/experiment=meta_rl_catch-small");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (!hasParquet(checkpoints)) {
      assertTrue(app.isAlive(), () -> "the application ended before the kill:\n" + read(log));
      assertTrue(System.nanoTime() < deadline, () -> "no checkpoint after 150 s:\n" + read(log));
      Thread.sleep(50);
    }
    List<Integer> workers = cluster.runningWorkers();
    assertTrue(cluster.killExecutors(workers.get(workers.size() - 1)) > 0, "an executor was killed");
    assertTrue(app.waitFor(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS), () -> "the run did not finish:\n" + read(log));
    String output = read(log);
    assertEquals(0, app.exitValue(), output);
    assertTrue(output.contains("restarting all 2 shards from the checkpoint at iteration"), output);
    SparkSession spark = TestSpark.get();
    List<Row> steps = spark.read().parquet(wh.resolve("meta_steps").toString()).select("iteration")
        .orderBy("iteration").collectAsList();
    assertEquals(30, steps.size(), "every iteration exactly once");
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(i + 1L, steps.get(i).getLong(0));
    }
    assertEquals(1, spark.read().parquet(wh.resolve("checkpoints").toString()).where("is_final").count());
    assertEquals("completed", spark.read().parquet(wh.resolve("runs").toString()).first().getAs("status"));
  }

  @Test
  @Order(5)
  void executorsThatCannotStartEndTheApplicationWithWhatToCheck() throws IOException {
    cluster.ensureWorkers(2);
    Path conf = config("cluster_no_executor", 1, 16, 3200);
    Path wh = dir.resolve("wh-no-executor");
    // every executor JVM exits at start (no such module; Spark adds -XX:+IgnoreUnrecognizedVMOptions, so an
    // unknown -XX flag would not do); the two workers relaunch them, and Spark alone would wait forever
    StandaloneCluster.Submission s = cluster.submit(cluster.masterUrl(), Map.of(
        "spark.executor.extraJavaOptions", String.join(" ", StandaloneCluster.SPARK_JAVA_FLAGS)
            + " --add-modules=optim4rl.no.such.module",
        ExecutorWatchdog.TIMEOUT_KEY, "20"),
        List.of("train", "--conf", conf.toString(), "--warehouse", wh.toString()), APP_TIMEOUT);
    String output = s.output();
    assertEquals(Main.EXIT_FAILED_RUNS, s.exitCode(), output);
    assertTrue(output.contains("no executor has run for this application for 20 s")
        || output.contains("ended the application before its work was done"), output);
    assertTrue(output.contains("spark.executor.extraJavaOptions"), output);
    assertTrue(s.seconds() < 150, "ended after " + s.seconds() + " s");

    List<Row> runs = TestSpark.get().read().parquet(wh.resolve("runs").toString()).select("status", "error")
        .collectAsList();
    assertEquals(1, runs.size());
    assertEquals("failed", runs.get(0).getString(0));
    assertTrue(runs.get(0).getString(1).contains("SPARK_HOME/work/"), runs.get(0).getString(1));
  }

  /** The small Catch meta-training config of conf/, by absolute path (drivers run in their own folder). */
  private static final String META_SMALL = Path.of("..", "conf", "meta_rl_catch-small.yaml").toAbsolutePath()
      .normalize().toString();

  private static List<Row> checkpoints(SparkSession spark, String wh) {
    return spark.read().parquet(wh + "/checkpoints").select("iteration", "sha256").orderBy("iteration")
        .collectAsList();
  }

  private static boolean hasParquet(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
    }
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    return Stream.of(parts).flatMap(List::stream).toList();
  }

  private static List<Row> runs(SparkSession spark, String wh) {
    return spark.read().parquet(wh + "/runs").select("run_id", "status").orderBy("run_id").collectAsList();
  }

  private static List<Row> returns(SparkSession spark, String wh) {
    return spark.read().parquet(wh + "/returns").orderBy("run_id", "iteration").collectAsList();
  }

  /** Run ids whose progress record says running (written by the tasks, at most a second old). */
  private static List<String> runsInProgress(Path wh) throws IOException {
    Path progress = wh.resolve("_progress");
    if (!Files.isDirectory(progress)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(progress)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(p -> {
        try {
          return !RunProgress.isFinished(Files.readString(p));
        } catch (IOException e) {
          return false; // being replaced
        }
      }).map(p -> p.getFileName().toString()).toList();
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ")";
    }
  }
}
