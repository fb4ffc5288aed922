package io.optim4rl.jobs.train;

import io.optim4rl.agents.nets.Nets;
import io.optim4rl.envs.Tasks;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.runs.RunKind;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code train} driver: expands the experiment's sweep into runs, skips the runs already completed in
 * the warehouse, runs each remaining run as one Spark task, shows a progress bar with ETA, and prints a
 * summary table.
 */
public final class TrainJob {

  private TrainJob() {}

  /** The train run kind. */
  public static RunKind kind() {
    return new Kind();
  }

  /** Runs every missing run of {@code cfg}; returns the counts. */
  public static RunDriver.Summary run(SparkSession spark, ExperimentConfig cfg, Warehouse warehouse, PrintStream out) {
    return RunDriver.run(spark, cfg, warehouse, out, new Kind());
  }

  /** The train run kind: one A2C agent per run. */
  static final class Kind implements RunKind {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "train";
    }

    @Override
    public long iterations(RunSpec spec) {
      return PpoTrainConfig.isPpo(spec) ? PpoTrainRunner.iterations(spec) : TrainConfig.of(spec).iterations();
    }

    @Override
    public RunOutcome execute(RunSpec spec, Warehouse warehouse, Serializable payload) {
      return TrainRunner.execute(spec, warehouse);
    }

    @Override
    public Cost cost(RunSpec spec) {
      return TrainJob.cost(spec);
    }

    @Override
    public List<String> summaryHeader() {
      return List.of("run_id", "task", "optimizer", "learning_rate", "seed", "status", "final_return", "seconds");
    }

    @Override
    public List<Object> summaryRow(RunSpec spec, RunOutcome o) {
      return List.of(o.runId(), spec.string("task"), spec.string("optimizer.name"),
          spec.number("optimizer.learningRate"), spec.longValue("seed"), o.status(),
          Double.isNaN(o.finalReturn()) ? "NaN" : round(o.finalReturn(), 4), round(o.wallSeconds(), 1));
    }
  }

  /**
   * The cost of training one agent: env steps, its parameters, and a heap estimate (a 256 MB base plus the
   * rollout's observations and the agent's parameters, gradients and optimizer state, generously).
   */
  public static RunKind.Cost cost(RunSpec spec) {
    return PpoTrainConfig.isPpo(spec) ? PpoTrainRunner.cost(spec) : cost(TrainConfig.of(spec));
  }

  /** The cost of an A2C run (see {@link #cost(RunSpec)}). */
  public static RunKind.Cost cost(TrainConfig c) {
    long params = Nets.forTask(c.task()).layout().numParams();
    long obs = 1;
    for (int d : Tasks.observationShape(c.task())) {
      obs *= d;
    }
    long bytes = 4L * c.numEnvs() * (c.rolloutSteps() + 1) * obs * 4 + params * 4 * 16;
    return new RunKind.Cost(c.iterations() * c.stepsPerIteration(), params, 256 + bytes / (1 << 20));
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
