package io.optim4rl.jobs;

import io.optim4rl.envs.EnvBenchmark;
import io.optim4rl.jobs.bench.MetaBenchmark;
import io.optim4rl.lopt.KernelBenchmark;
import io.optim4rl.jobs.cli.CommandLine;
import io.optim4rl.jobs.cli.TablePrinter;
import io.optim4rl.jobs.cli.UsageException;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.sql.SqlJob;
import io.optim4rl.jobs.train.TrainConfig;
import io.optim4rl.jobs.evaluate.EvaluateConfig;
import io.optim4rl.jobs.evaluate.EvaluateJob;
import io.optim4rl.jobs.meta.MetaTrainConfig;
import io.optim4rl.jobs.meta.MetaTrainJob;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.train.TrainJob;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The command-line entry point, run as a Spark application by {@code bin/optim4rl}:
 * {@code <command> [--conf FILE] [--set key=value ...] [--warehouse DIR] [--master URL]}.
 *
 * <p>Configs are parsed and validated before Spark starts, so a bad config fails in a second with the
 * file, the key and the allowed values.
 */
public final class Main {

  /** Exit code for a usage or configuration error. */
  public static final int EXIT_USAGE = 2;
  /** Exit code when some runs failed. */
  public static final int EXIT_FAILED_RUNS = 3;

  static final String USAGE = String.join("\n",
      "usage: bin/optim4rl <command> [options]",
      "",
      "commands:",
      "  quickstart                                meta-train a small Optim4RL on Catch, evaluate it against Adam",
      "                                            and RMSProp, print the comparison (a few minutes on a laptop)",
      "  train --conf FILE [--set key=value ...]   train A2C agents, one run per sweep point (Spark task)",
      "        [--explain] [--dry-run]             --explain: every key with its meaning; --dry-run: list the runs",
      "  meta-train --conf FILE [--set k=v ...] [--resume]   meta-train a learned optimizer per sweep point;",
      "                                            --resume continues unfinished runs from their last checkpoint",
      "  evaluate --conf FILE [--set k=v ...]      train fresh agents with the checkpoints a query selects and with",
      "                                            the baselines; skips evaluations already done; summary over seeds",
      "  sql [--format csv|table|json] \"SELECT ...\" query the warehouse (every table is a view)",
      "  bench env --task NAME --envs N [--seconds S]   environment steps per second",
      "  bench meta --task NAME --units N --iterations K [--optimizer optim4rl]   meta-training throughput",
      "  bench kernel --coords N [--threads T]     learned-optimizer kernel: forward x4 + BPTT, coords/s",
      "",
      "common options:",
      "  --warehouse DIR   results directory or Hadoop URI (default ./warehouse)",
      "  --master URL      Spark master (default local[*]; spark-submit's wins when set)",
      "",
      "tables: runs, returns (see README.md). Example:",
      "  bin/optim4rl train --conf conf/a2c_catch.yaml --set optimizer.name=adam --set seed=1",
      "  bin/optim4rl sql \"SELECT run_id, max(episode_return) FROM returns GROUP BY run_id\"");

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      CommandLine cl = CommandLine.parse(args);
      if (cl.command() == null || cl.flag("help") && cl.command() == null || "help".equals(cl.command())) {
        out.println(USAGE);
        return cl.command() == null ? EXIT_USAGE : 0;
      }
      Warehouse warehouse = new Warehouse(cl.option("warehouse", "warehouse"));
      switch (cl.command()) {
        case "train":
          return train(cl, warehouse, out);
        case "meta-train":
          return metaTrain(cl, warehouse, out);
        case "evaluate":
          return evaluate(cl, warehouse, out);
        case "quickstart":
          cl.allowOnly("quickstart");
          try (SparkSessions.Handle h = SparkSessions.create("quickstart", cl.option("master", null))) {
            return QuickstartJob.run(h.spark(), warehouse, out) > 0 ? EXIT_FAILED_RUNS : 0;
          }

        case "sql":
          return sql(cl, warehouse, out);
        case "bench":
          return bench(cl, out);
        default:
          throw new UsageException("unknown command '" + cl.command() + "'\n" + USAGE);
      }
    } catch (UsageException | ConfigException e) {
      err.println("error: " + e.getMessage());
      return EXIT_USAGE;
    }
  }

  private static int train(CommandLine cl, Warehouse warehouse, PrintStream out) {
    cl.allowOnly("train", "conf", "set", "explain", "dry-run");
    ExperimentConfig cfg = loadConfig(cl);
    if (cl.flag("explain")) {
      out.print(cfg.schema().explain(cfg.expand().get(0).config()));
      return 0;
    }
    if (cl.flag("dry-run")) {
      TrainJob.printPlan(cfg, out);
      return 0;
    }
    try (SparkSessions.Handle h = SparkSessions.create("train " + cfg.experiment(), cl.option("master", null))) {
      RunDriver.Summary s = TrainJob.run(h.spark(), cfg, warehouse, out);
      return s.failed() > 0 ? EXIT_FAILED_RUNS : 0;
    }
  }

  private static int metaTrain(CommandLine cl, Warehouse warehouse, PrintStream out) {
    cl.allowOnly("meta-train", "conf", "set", "explain", "resume");
    ExperimentConfig cfg = loadConfig(cl, MetaTrainConfig.SCHEMA);
    if (cl.flag("explain")) {
      out.print(cfg.schema().explain(cfg.expand().get(0).config()));
      return 0;
    }
    try (SparkSessions.Handle h = SparkSessions.create("meta-train " + cfg.experiment(), cl.option("master", null))) {
      RunDriver.Summary s = MetaTrainJob.run(h.spark(), cfg, warehouse, out, cl.flag("resume"));
      return s.failed() > 0 ? EXIT_FAILED_RUNS : 0;
    }
  }

  private static int evaluate(CommandLine cl, Warehouse warehouse, PrintStream out) {
    cl.allowOnly("evaluate", "conf", "set", "explain");
    ExperimentConfig cfg = loadConfig(cl, EvaluateConfig.SCHEMA);
    if (cl.flag("explain")) {
      out.print(cfg.schema().explain(cfg.expand().get(0).config()));
      return 0;
    }
    try (SparkSessions.Handle h = SparkSessions.create("evaluate " + cfg.experiment(), cl.option("master", null))) {
      EvaluateJob.Result r = EvaluateJob.run(h.spark(), cfg, warehouse, out);
      return r.runs().failed() > 0 ? EXIT_FAILED_RUNS : 0;
    }
  }

  private static ExperimentConfig loadConfig(CommandLine cl) {
    return loadConfig(cl, TrainConfig.SCHEMA);
  }

  private static ExperimentConfig loadConfig(CommandLine cl, io.optim4rl.jobs.config.ConfigSchema schema) {
    String conf = cl.option("conf", null);
    if (conf == null) {
      throw new UsageException("--conf FILE is required (for example --conf conf/a2c_catch.yaml)");
    }
    return ExperimentConfig.load(Path.of(conf), schema, cl.options("set"));
  }

  private static int sql(CommandLine cl, Warehouse warehouse, PrintStream out) {
    cl.allowOnly("sql", "format");
    List<String> pos = cl.positional();
    if (pos.size() != 2) {
      throw new UsageException("sql takes one query in quotes, e.g. bin/optim4rl sql \"SELECT * FROM runs\"");
    }
    TablePrinter.Format format = TablePrinter.Format.parse(cl.option("format", "table"));
    try (SparkSessions.Handle h = SparkSessions.create("sql", cl.option("master", null))) {
      SqlJob.run(h.spark(), warehouse, pos.get(1), format, out);
      return 0;
    }
  }

  private static int bench(CommandLine cl, PrintStream out) {
    cl.allowOnly("bench", "task", "envs", "seconds", "seed", "units", "iterations", "optimizer", "coords", "threads");
    List<String> pos = cl.positional();
    String what = pos.size() == 2 ? pos.get(1) : "";
    try {
      switch (what) {
        case "env":
          return benchEnv(cl, out);
        case "meta": {
          MetaBenchmark.Result r = MetaBenchmark.run(cl.option("task", "small_dense_short"), cl.intOption("units", 64),
              cl.intOption("iterations", 10), cl.option("optimizer", "optim4rl"), cl.intOption("threads", 0));
          TablePrinter.print(out, TablePrinter.Format.TABLE, List.of("task", "units", "optimizer", "coords",
              "seconds_per_iteration", "env_steps_per_second", "peak_heap_mb"), List.of(List.of(r.task(), r.units(),
              r.optimizer(), r.coords(), round(r.secondsPerIteration()), Math.round(r.envStepsPerSecond()),
              r.peakHeapMb())));
          out.println(r.json());
          return 0;
        }
        case "kernel": {
          int threads = cl.intOption("threads", Runtime.getRuntime().availableProcessors());
          KernelBenchmark.Result r = KernelBenchmark.run(cl.intOption("coords", 1_000_000), threads, 4,
              cl.intOption("seed", 1));
          TablePrinter.print(out, TablePrinter.Format.TABLE, List.of("kernel", "coords", "threads", "forward_4_steps_s",
              "backward_s", "coords_per_second"), List.of(List.of(r.kernel(), r.coords(), r.threads(),
              round(r.forwardSeconds()), round(r.backwardSeconds()), Math.round(r.coordsPerSecond()))));
          out.printf(Locale.ROOT, "{\"coords\":%d,\"threads\":%d,\"coords_per_second\":%.0f}%n", r.coords(),
              r.threads(), r.coordsPerSecond());
          return 0;
        }
        default:
          throw new UsageException("usage: bench env --task NAME --envs N [--seconds S] | bench meta --task NAME "
              + "--units N --iterations K [--optimizer optim4rl] | bench kernel --coords N [--threads T]");
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static int benchEnv(CommandLine cl, PrintStream out) {
    String task = cl.option("task", "small_dense_long");
    int envs = cl.intOption("envs", 512);
    double seconds = cl.doubleOption("seconds", 5);
    EnvBenchmark.Result r = EnvBenchmark.run(task, envs, seconds, cl.intOption("seed", 1));
    TablePrinter.print(out, TablePrinter.Format.TABLE,
        List.of("task", "envs", "steps", "seconds", "env_steps_per_second"),
        List.of(List.of(r.task(), r.numEnvs(), r.steps(), round(r.seconds()), Math.round(r.stepsPerSecond()))));
    return 0;
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.3f", v));
  }
}
