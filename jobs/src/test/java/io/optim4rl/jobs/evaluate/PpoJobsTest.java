package io.optim4rl.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.TestSpark;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.meta.MetaTrainConfig;
import io.optim4rl.jobs.meta.MetaTrainJob;
import io.optim4rl.jobs.train.PpoTrainConfig;
import io.optim4rl.jobs.train.TrainConfig;
import io.optim4rl.jobs.train.TrainJob;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PPO through the jobs on the pure-Java pendulum (no MuJoCo needed): a PPO train run writes one returns row
 * per evaluation, MetaPPO meta-trains and checkpoints an Optim4RL optimizer, and evaluate trains fresh PPO
 * agents with that checkpoint next to Adam, summarised over seeds and shown in the learning-curve report.
 */
class PpoJobsTest {

  private static final String PPO = String.join("\n", "  task: pendulum", "  numEnvs: 4", "  batchSize: 4",
      "  numMinibatches: 2", "  unrollLength: 8", "  updateEpochs: 2", "  policyHidden: [8, 8]",
      "  valueHidden: [16, 16]", "  rewardScaling: 0.1", "  numEvals: 3", "  evalEnvs: 2", "  evalEpisodeLength: 50",
      "  trainSteps: 256", "");

  @TempDir Path dir;

  private ExperimentConfig load(String name, String yaml, ConfigSchema schema, String... sets) throws IOException {
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, yaml);
    return ExperimentConfig.load(p, schema, List.of(sets));
  }

  @Test
  void trainMetaTrainAndEvaluateWithPpo() throws IOException {
    SparkSession spark = TestSpark.get();
    Warehouse wh = new Warehouse(dir.resolve("wh").toString());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    ExperimentConfig train = load("ppotrain", "command: train\nagent: ppo\nbase:\n" + PPO, PpoTrainConfig.SCHEMA);
    assertEquals(1, TrainJob.run(spark, train, wh, quiet).completed());
    List<Row> rows = spark.read().parquet(wh.partitionDir("returns", "ppotrain").toString())
        .orderBy("iteration").collectAsList();
    assertEquals(3, rows.size(), "evaluations before training and after each of the 2 epochs");
    assertEquals(0L, rows.get(0).getLong(rows.get(0).fieldIndex("env_steps")));
    assertEquals(256L, rows.get(2).getLong(rows.get(2).fieldIndex("env_steps")), "2 epochs of 2 steps of 64");
    assertTrue(rows.stream().allMatch(r -> r.getDouble(r.fieldIndex("episode_return")) < 0), "pendulum costs");

    String meta = String.join("\n", "command: meta-train", "agent: ppo", "base:", "  tasks: [pendulum]",
        "  units: 2", "  numEnvs: 4", "  batchSize: 4", "  numMinibatches: 2", "  unrollLength: 8",
        "  updateEpochs: 2", "  policyHidden: [8, 8]", "  valueHidden: [16, 16]", "  rewardScaling: 0.1",
        "  innerUpdates: 2", "  trainSteps: 1024", "  pipeline.resetInterval: 2", "  checkpointEvery: 2",
        "  optimizer: {learningRate: 3e-3, gradClip: 1.0}", "  threads: 1", "");
    ExperimentConfig metaCfg = load("ppometa", meta, MetaTrainConfig.PPO_SCHEMA);
    assertEquals(4, MetaTrainConfig.of(metaCfg.expand().get(0)).iterations(), "1024 / (2 units x 2 x 64)");
    assertEquals(1, MetaTrainJob.run(spark, metaCfg, wh, quiet, false, 1, 0).completed());
    assertEquals(4, spark.read().parquet(wh.partitionDir("meta_steps", "ppometa").toString()).count());

    String eval = "command: evaluate\nagent: ppo\nbase:\n  checkpoint.experiment: ppometa\n  baselines: [adam]\n"
        + PPO + "sweep:\n  seed: [1, 2]\n";
    EvaluateJob.Result r = EvaluateJob.run(spark, load("ppoeval", eval, EvaluateConfig.PPO_SCHEMA), wh, quiet);
    assertEquals(4, r.runs().completed(), "the final checkpoint and adam, 2 seeds each");
    assertEquals(2, r.summaries().size());
    assertTrue(r.summaries().stream().allMatch(s -> s.summary().n() == 2 && Double.isFinite(s.summary().mean())));
    assertEquals(Tables.EVALUATIONS.sparkType(), spark.read().parquet(wh.tableDir("evaluations").toString()).schema());

    Path page = io.optim4rl.jobs.report.ReportJob.run(spark, wh, "ppoeval", dir.resolve("report"), quiet);
    assertTrue(Files.readString(page).contains(">adam</text>"));
    assertTrue(Files.exists(dir.resolve("report/curves_pendulum.svg")));
  }

  @Test
  void agentDecidesTheSchema() throws IOException {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load("a2c", "command: train\nbase:\n" + PPO, TrainConfig.SCHEMA));
    assertTrue(e.getMessage().contains("batchSize") || e.getMessage().contains("task"), e.getMessage());
    ConfigException missing = assertThrows(ConfigException.class,
        () -> load("noagent", "command: train\nbase:\n" + PPO, PpoTrainConfig.SCHEMA));
    assertTrue(missing.getMessage().contains("agent: ppo"), missing.getMessage());
    ConfigException wrong = assertThrows(ConfigException.class,
        () -> load("bad", "command: train\nagent: sac\nbase:\n" + PPO, PpoTrainConfig.SCHEMA));
    assertTrue(wrong.getMessage().contains("'sac' is not one of [a2c, ppo]"), wrong.getMessage());
    ConfigException divisible = assertThrows(ConfigException.class, () -> load("div",
        "command: train\nagent: ppo\nbase:\n" + PPO.replace("numEnvs: 4", "numEnvs: 3"), PpoTrainConfig.SCHEMA));
    assertTrue(divisible.getMessage().contains("multiple of numEnvs"), divisible.getMessage());
  }
}
