package io.optim4rl.jobs.meta;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.runs.RunKind;
import io.optim4rl.jobs.runs.RunOutcome;
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
    return RunDriver.run(spark, cfg, warehouse, out, new Kind(resume));
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
  static final class Kind implements RunKind {
    private static final long serialVersionUID = 1L;
    private final boolean resume;

    Kind(boolean resume) {
      this.resume = resume;
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
      return MetaTrainRunner.execute(spec, warehouse, (Checkpoint) payload);
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

  static boolean isFailed(RunOutcome o) {
    return o.status().equals(Tables.FAILED);
  }
}
