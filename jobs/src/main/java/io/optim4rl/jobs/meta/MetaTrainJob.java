package io.optim4rl.jobs.meta;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.agents.nets.Nets;
import io.optim4rl.agents.ppo.PpoNetworks;
import io.optim4rl.envs.control.ControlTasks;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.runs.RunKind;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.runs.TaskRuntime;
import io.optim4rl.jobs.warehouse.Checkpoint;
import io.optim4rl.jobs.warehouse.Checkpoints;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import io.optim4rl.lopt.LearnedOptimizerKind;
import io.optim4rl.lopt.meta.MetaTrainSettings;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code meta-train} command: one meta-training run (REFERENCE 5) per sweep point and Spark task, with
 * {@code meta_steps} rows every iteration, checkpoints every {@code checkpointEvery} iterations and at the
 * end, and {@code --resume} from a run's last checkpoint.
 */
public final class MetaTrainJob {

  private MetaTrainJob() {}

  /** Runs every missing run of {@code cfg}; with {@code resume}, unfinished runs continue from their last checkpoint. */
  public static RunDriver.Summary run(SparkSession spark, ExperimentConfig cfg, Warehouse warehouse, PrintStream out,
      boolean resume) {
    return run(spark, cfg, warehouse, out, resume, 1, DEFAULT_SHARD_RESTARTS);
  }

  /** Restarts of a sharded run's barrier stage (from its last checkpoint) before it is recorded as failed. */
  public static final int DEFAULT_SHARD_RESTARTS = 3;

  /**
   * As {@link #run(SparkSession, ExperimentConfig, Warehouse, PrintStream, boolean)}; with {@code shards > 1}
   * each run's units are split into that many shards of a barrier stage ({@link ShardedMetaTrain}).
   */
  public static RunDriver.Summary run(SparkSession spark, ExperimentConfig cfg, Warehouse warehouse, PrintStream out,
      boolean resume, int shards, int maxRestarts) {
    if (shards > 1) {
      return ShardedMetaTrain.run(spark, cfg.experiment(), cfg.expand(), warehouse, out, resume, shards, maxRestarts);
    }
    return RunDriver.run(spark, cfg, warehouse, out, new Kind(resume, Warehouse.nowMicros()));
  }

  /** The settings of the Spark-free meta-trainer for a resolved config. */
  public static MetaTrainSettings settings(MetaTrainConfig c) {
    List<MetaTrainSettings.TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < c.tasks().size(); i++) {
      tasks.add(new MetaTrainSettings.TaskSpec(c.tasks().get(i), MetaTrainConfig.perTask(c.rewardScaling(), i),
          MetaTrainConfig.perTask(c.optimizer().learningRate(), i)));
    }
    int[] dims = c.optimizer().mlpDims().stream().mapToInt(Integer::intValue).toArray();
    return new MetaTrainSettings(c.seed(), tasks, c.units(), c.iterations(), c.rolloutSteps(), c.innerUpdates(),
        new A2cLoss.Hyper(c.gamma(), c.lambda(), c.criticWeight(), c.entropyWeight()), c.optimizer().gradClip(),
        c.resetInterval(), LearnedOptimizerKind.parse(c.optimizer().name()), dims,
        c.metaOptimizer().learningRate(), c.metaOptimizer().gradClip(), c.metaOptimizer().gradNorm(),
        c.metaOptimizer().maxNorm(), c.maxNanEvents(), c.threads());
  }

  /** The meta-train run kind. */
  public static final class Kind implements RunKind {
    private static final long serialVersionUID = 1L;
    private final boolean resume;
    private final long launchedMicros;

    /** With {@code resume}, unfinished runs continue from their last checkpoint; launched: the command's start. */
    public Kind(boolean resume, long launchedMicros) {
      this.resume = resume;
      this.launchedMicros = launchedMicros;
    }

    @Override
    public String name() {
      return "meta-train";
    }

    @Override
    public long iterations(RunSpec spec) {
      return MetaTrainConfig.of(spec).iterations();
    }

    @Override
    public Map<String, Serializable> prepare(SparkSession spark, Warehouse warehouse, List<RunSpec> todo) {
      Map<String, Serializable> latest = new HashMap<>();
      if (!resume || todo.isEmpty()) {
        return latest;
      }
      String experiment = todo.get(0).experiment();
      for (Checkpoint c : Checkpoints.select(spark, warehouse, "experiment = '" + experiment + "'")) {
        Checkpoint prev = (Checkpoint) latest.get(c.runId());
        if (prev == null || c.iteration() > prev.iteration()) {
          latest.put(c.runId(), c);
        }
      }
      return latest;
    }

    @Override
    public RunOutcome execute(RunSpec spec, Warehouse warehouse, Serializable payload) {
      Checkpoint from = (Checkpoint) payload;
      if (TaskRuntime.attempt() > 0) {
        // Spark retries the task
        from = restartPoint(warehouse, spec, from, launchedMicros);
      }
      return MetaTrainRunner.execute(spec, warehouse, from);
    }

    /**
     * Env steps of all tasks, the coordinates of all units, and a heap estimate: a 256 MB base plus about
     * 400 bytes per coordinate for 4 learned-optimizer steps per iteration (the tape of the hidden states and
     * gradients, and the agents' parameters, gradients and updates; measured 318,080 coordinates in
     * 0.45-0.55 GB of heap) and 68 more per further step (MetaPPO's epochs x minibatches).
     */
    @Override
    public Cost cost(RunSpec spec) {
      MetaTrainConfig c = MetaTrainConfig.of(spec);
      long coords = 0;
      for (String task : c.tasks()) {
        coords += (long) c.units() * (c.ppo() == null ? Nets.forTask(task).layout().numParams()
            : PpoNetworks.of(ControlTasks.observationSize(task), ControlTasks.actionSize(task), c.ppo()).numParams());
      }
      // the tape grows with the learned-optimizer steps of an iteration: M for MetaA2C, M x epochs x
      // minibatches for MetaPPO; about 68 bytes per coordinate and step (16 hidden floats and a gradient)
      long steps = (long) c.innerUpdates() * (c.ppo() == null ? 1 : c.ppo().updateEpochs() * c.ppo().numMinibatches());
      long bytesPerCoord = 400 + 68 * Math.max(0, steps - 4);
      return new Cost(c.iterations() * c.stepsPerIteration() * c.tasks().size(), coords,
          256 + coords * bytesPerCoord / (1 << 20));
    }

    @Override
    public List<String> summaryHeader() {
      return List.of("run_id", "optimizer", "tasks", "reset_interval", "meta_lr", "status", "last20_return",
          "seconds");
    }

    @Override
    public List<Object> summaryRow(RunSpec spec, RunOutcome o) {
      MetaTrainConfig c = MetaTrainConfig.of(spec);
      return List.of(o.runId(), c.optimizer().name(), String.join(",", c.tasks()), c.resetInterval(),
          c.metaOptimizer().learningRate(), o.status(),
          Double.isNaN(o.finalReturn()) ? "NaN" : Math.round(o.finalReturn() * 1e4) / 1e4,
          Math.round(o.wallSeconds() * 10) / 10.0);
    }
  }

  /**
   * Where a run restarts after a failed attempt: the last checkpoint written since {@code launchedMicros}
   * (this command's start), or else {@code resumeFrom} (the checkpoint it was started from, or null).
   */
  static Checkpoint restartPoint(Warehouse warehouse, RunSpec spec, Checkpoint resumeFrom, long launchedMicros) {
    Checkpoint latest = Checkpoints.latest(warehouse, spec.experiment(), spec.runId(), launchedMicros);
    return latest != null ? latest : resumeFrom;
  }

  static boolean isFailed(RunOutcome o) {
    return o.status().equals(Tables.FAILED);
  }
}
