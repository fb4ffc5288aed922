package io.optim4rl.jobs.train;

import io.optim4rl.jobs.cli.TablePrinter;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.runs.RunKind;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code train} driver: expands the experiment's sweep into runs, skips the runs already completed in
 * the warehouse, runs each remaining run as one Spark task, shows a progress bar with ETA, and prints a
 * summary table.
 */
public final class TrainJob {

  private TrainJob() {}

  /** Prints the runs a config expands to, with their cost, without running anything. */
  public static void printPlan(ExperimentConfig cfg, PrintStream out) {
    List<RunSpec> runs = cfg.expand();
    List<String> axes = new ArrayList<>(cfg.sweepAxes().keySet());
    List<String> header = new ArrayList<>(List.of("run_id"));
    header.addAll(axes);
    boolean taskSwept = axes.contains("task");
    if (!taskSwept) {
      header.add("task");
    }
    header.addAll(List.of("iterations", "env_steps"));
    List<List<Object>> rows = new ArrayList<>();
    long steps = 0;
    for (RunSpec r : runs) {
      TrainConfig c = TrainConfig.of(r);
      List<Object> row = new ArrayList<>(List.of(r.runId()));
      axes.forEach(a -> row.add(r.sweepValues().get(a)));
      if (!taskSwept) {
        row.add(c.task());
      }
      row.addAll(List.of(c.iterations(), c.iterations() * c.stepsPerIteration()));
      rows.add(row);
      steps += c.iterations() * c.stepsPerIteration();
    }
    out.printf(Locale.ROOT, "experiment %s: %d runs, %,d env steps in all%n", cfg.experiment(), runs.size(), steps);
    TablePrinter.print(out, TablePrinter.Format.TABLE, header, rows);
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
      return TrainConfig.of(spec).iterations();
    }

    @Override
    public RunOutcome execute(RunSpec spec, Warehouse warehouse, Serializable payload) {
      return TrainRunner.execute(spec, warehouse);
    }

    @Override
    public List<String> summaryHeader() {
      return List.of("run_id", "task", "optimizer", "learning_rate", "seed", "status", "last20_return", "seconds");
    }

    @Override
    public List<Object> summaryRow(RunSpec spec, RunOutcome o) {
      TrainConfig c = TrainConfig.of(spec);
      return List.of(o.runId(), c.task(), c.optimizer().name(), c.optimizer().learningRate(), c.seed(), o.status(),
          Double.isNaN(o.finalReturn()) ? "NaN" : round(o.finalReturn(), 4), round(o.wallSeconds(), 1));
    }
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
