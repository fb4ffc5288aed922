package io.optim4rl.jobs.gradients;

import io.optim4rl.jobs.SparkSessions;
import io.optim4rl.jobs.cli.CommandLine;
import io.optim4rl.jobs.cli.UsageException;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The command-line side of the gradient commands ({@code analyze gradients}, {@code bench gradients}):
 * options and configs are checked before Spark starts.
 */
public final class GradientCommands {

  private GradientCommands() {}

  /** {@code collect --conf FILE [--set k=v ...] [--dry-run] [--explain]}; returns the exit code. */
  public static int collect(CommandLine cl, Warehouse warehouse, PrintStream out) {
    cl.allowOnly("collect", "conf", "set", "explain", "dry-run");
    String conf = cl.option("conf", null);
    if (conf == null) {
      throw new UsageException("--conf FILE is required (for example --conf conf/collect_bdl-small.yaml)");
    }
    ExperimentConfig cfg = CollectJob.load(Path.of(conf), cl.options("set"));
    if (cl.flag("explain")) {
      out.print(cfg.schema().explain(cfg.expand().get(0).config()));
      return 0;
    }
    if (cl.flag("dry-run")) {
      io.optim4rl.jobs.runs.RunDriver.printPlan(out, cfg.experiment(), cfg.expand(), new CollectJob.Kind(), warehouse,
          1);
      return 0;
    }
    try (SparkSessions.Handle h = SparkSessions.create("collect " + cfg.experiment(), cl.option("master", null))) {
      return CollectJob.run(h.spark(), cfg, warehouse, out).failed() > 0 ? io.optim4rl.jobs.Main.EXIT_FAILED_RUNS : 0;
    }
  }

  /** {@code report --experiment NAME [--out DIR]}. */
  public static int report(CommandLine cl, Warehouse warehouse, PrintStream out) {
    cl.allowOnly("report", "experiment", "out");
    String experiment = cl.option("experiment", null);
    if (experiment == null) {
      throw new UsageException("--experiment NAME is required (a train, evaluate or gradient-analysis experiment, e.g. "
          + "lopt_rl_catch-small or analyze_gradients-small)");
    }
    Path dir = Path.of(cl.option("out", "notebooks-export/" + experiment.replace(',', '+')));
    try (SparkSessions.Handle h = SparkSessions.create("report " + experiment, cl.option("master", null))) {
      io.optim4rl.jobs.report.ReportJob.run(h.spark(), warehouse, experiment, dir, out);
      return 0;
    }
  }

  /** {@code analyze gradients --conf FILE [--set k=v ...]}. */
  public static int analyze(CommandLine cl, Warehouse warehouse, PrintStream out) {
    cl.allowOnly("analyze", "conf", "set", "explain");
    List<String> pos = cl.positional();
    if (pos.size() != 2 || !pos.get(1).equals("gradients")) {
      throw new UsageException("usage: bin/optim4rl analyze gradients --conf FILE (for example --conf "
          + "conf/analyze_gradients-small.yaml)");
    }
    String conf = cl.option("conf", null);
    if (conf == null) {
      throw new UsageException("--conf FILE is required (for example --conf conf/analyze_gradients-small.yaml)");
    }
    ExperimentConfig cfg = ExperimentConfig.load(Path.of(conf), AnalyzeConfig.SCHEMA, cl.options("set"));
    if (cl.flag("explain")) {
      out.print(cfg.schema().explain(cfg.expand().get(0).config()));
      return 0;
    }
    AnalyzeConfig c = AnalyzeConfig.of(cfg);
    try (SparkSessions.Handle h = SparkSessions.create("analyze " + c.experiment(), cl.option("master", null))) {
      GradientAnalysisJob.run(h.spark(), c, warehouse, out);
      return 0;
    }
  }

  /**
   * {@code bench gradients --rows N [--experiment NAME]}: writes N synthetic gradient rows (unless the
   * experiment already holds gradients) and times {@code analyze gradients} over them.
   */
  public static int bench(CommandLine cl, Warehouse warehouse, PrintStream out) {
    long rows = (long) cl.doubleOption("rows", 1e7);
    if (rows < 30 * SyntheticGradients.COORDS) {
      throw new UsageException("--rows must be at least " + 30 * SyntheticGradients.COORDS);
    }
    String experiment = cl.option("experiment", String.format(Locale.ROOT, "synthetic_%.0e", (double) rows)
        .replace("+", ""));
    try (SparkSessions.Handle h = SparkSessions.create("bench gradients", cl.option("master", null))) {
      if (warehouse.hasPartition(Tables.GRADIENTS.name(), experiment)) {
        out.println("reusing the synthetic gradients of experiment " + experiment + " (delete "
            + warehouse.partitionDir(Tables.GRADIENTS.name(), experiment) + " to regenerate)");
      } else {
        SyntheticGradients.write(h.spark(), warehouse, experiment, rows, out);
      }
      long t0 = System.nanoTime();
      List<GradientAnalysisJob.RunResult> r = GradientAnalysisJob.run(h.spark(),
          new AnalyzeConfig(experiment + "_analysis", List.of(experiment), 1.0, 1, cl.intOption("partitions", 0)),
          warehouse, out);
      double s = (System.nanoTime() - t0) / 1e9;
      long n = r.stream().mapToLong(GradientAnalysisJob.RunResult::samples).sum();
      out.printf(Locale.ROOT, "{\"rows\":%d,\"analyze_seconds\":%.1f,\"rows_per_second\":%.0f,\"cores\":%d}%n", n, s,
          n / s, Runtime.getRuntime().availableProcessors());
      return 0;
    }
  }
}
