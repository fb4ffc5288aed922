package io.optim4rl.jobs;

import io.optim4rl.envs.EnvBenchmark;
import io.optim4rl.envs.control.mujoco.MujocoBenchmark;
import io.optim4rl.envs.control.mujoco.MujocoTasks;
import io.optim4rl.jobs.bench.MetaBenchmark;
import io.optim4rl.lopt.KernelBenchmark;
import io.optim4rl.lopt.MetaParamLayouts;
import io.optim4rl.jobs.cli.CommandLine;
import io.optim4rl.jobs.cli.TablePrinter;
import io.optim4rl.jobs.cli.UsageException;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.sql.SqlJob;
import io.optim4rl.jobs.train.PpoTrainConfig;
import io.optim4rl.jobs.train.TrainConfig;
import io.optim4rl.jobs.evaluate.EvaluateConfig;
import io.optim4rl.jobs.evaluate.EvaluateJob;
import io.optim4rl.jobs.gradients.GradientCommands;
import io.optim4rl.jobs.meta.MetaTrainConfig;
import io.optim4rl.jobs.meta.MetaTrainJob;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.train.TrainJob;
import io.optim4rl.jobs.warehouse.Warehouse;
import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.runs.RunKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

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
  /** Exit code when the cluster gave the application no executor ({@link ExecutorWatchdog}). */
  public static final int EXIT_CLUSTER = 4;

  static final String USAGE = String.join("\n",
      "usage: bin/optim4rl <command> [options]",
      "",
      "commands:",
      "  quickstart                                meta-train a small Optim4RL on Catch, evaluate it against Adam",
      "                                            and RMSProp, print the comparison (a few minutes on a laptop)",
      "  sweep --conf FILE [--set key=value ...]   run every missing run of a config's sweep, one Spark task each;",
      "        [--dry-run] [--explain]             the config's 'command:' (train, meta-train, evaluate) says what",
      "                                            runs; --dry-run lists the runs with their cost and runs nothing",
      "  train --conf FILE [--set key=value ...]   train A2C agents (PPO with agent: ppo), one run per sweep point",
      "        [--explain] [--dry-run]             --explain: every key with its meaning; --dry-run: list the runs",
      "  meta-train --conf FILE [--set k=v ...] [--resume] [--shards S [--max-restarts R]]",
      "                                            meta-train a learned optimizer per sweep point; --resume continues",
      "                                            unfinished runs from their last checkpoint; --shards splits each",
      "                                            run's units over S barrier tasks (restarted from the last",
      "                                            checkpoint when one fails, at most R times, default 3)",
      "  evaluate --conf FILE [--set k=v ...]      train fresh agents with the checkpoints a query selects and with",
      "                                            the baselines; skips evaluations already done; summary over seeds",
      "  sql [--format csv|table|json] \"SELECT ...\" query the warehouse (every table is a view)",
      "  bench env --task NAME --envs N [--seconds S] [--seed S]   environment steps per second",
      "  bench meta --task NAME --units N         meta-training throughput: env steps/s over K timed iterations",
      "        --iterations K [--optimizer optim4rl] after S seconds of throw-away meta-training (default 10;",
      "        [--threads T] [--warmup-seconds S]  the JIT compiles the kernel in the first 5-10 s)",
      "  bench kernel --coords N [--threads T]     learned-optimizer kernel: forward x4 + BPTT, coords/s, host speed;",
      "        [--mlp-dims 16,16|none] [--verbose] heads (default [16,16]; none = the released configs' Dense(8,1));",
      "        [--seed S]                          --verbose: every repetition's coords/s and host probe",
      "  bench physics [--task A,B] [--envs N] [--steps S]   MuJoCo control and physics steps per second per task",
      "  collect --conf FILE [--set k=v ...]       train (A2C or MNIST_CNN) and keep every k-th gradient entry of",
      "        [--dry-run] [--explain]             every j-th step in the gradients table (train configs work too)",
      "  analyze gradients --conf FILE             per-part histograms and Wasserstein distances of collected",
      "                                            gradients (Figure 1, Table 4) over the whole gradients table",
      "  report --experiment NAME[,NAME...] [--out DIR]   an HTML page with figures (PNG, SVG) and the SQL of",
      "                                            every table (default notebooks-export/NAME): learning curves over",
      "                                            seeds of train or evaluate experiments, one panel per task",
      "                                            (Figures 3, 4), or the histograms and Table 4 of a gradient analysis",
      "  bench gradients --rows N [--experiment NAME]   N synthetic gradient rows, then times analyze gradients",
      "        [--partitions P]                    (P: range partitions of the sort; 0 = one per 2 million values)",
      "",
      "common options:",
      "  --warehouse DIR   results directory or Hadoop URI (default ./warehouse)",
      "  --master URL      Spark master (default local[*]; spark-submit's wins when set)",
      "",
      "tables: runs, returns, meta_steps, checkpoints, evaluations, evaluation_summaries, gradients,",
      "gradient_histograms, gradient_distances (see README.md). Example:",
      "  bin/optim4rl train --conf conf/a2c_catch.yaml --set optimizer.name=adam --set seed=1",
      "  bin/optim4rl sql \"SELECT run_id, max(episode_return) FROM returns GROUP BY run_id\"");

  private Main() {}

  /**
   * The usage entries of {@code command} (every entry whose first word it is, e.g. all five of bench) and
   * the common options; null for a command the usage does not list.
   */
  static String usageOf(String command) {
    List<String> lines = List.of(USAGE.split("\n"));
    int from = lines.indexOf("commands:") + 1;
    StringBuilder entries = new StringBuilder();
    boolean keep = false;
    for (String line : lines.subList(from, lines.size())) {
      if (line.isEmpty()) {
        break;
      }
      if (!line.startsWith("   ")) { // an entry's first line: two spaces, then the command
        keep = line.trim().split(" ")[0].equals(command);
      }
      if (keep) {
        entries.append(line).append('\n');
      }
    }
    if (entries.length() == 0) {
      return null;
    }
    int common = lines.indexOf("common options:");
    int end = common + lines.subList(common, lines.size()).indexOf("");
    return "usage: bin/optim4rl " + command + " [options]\n\n" + entries + "\n"
        + String.join("\n", lines.subList(common, end));
  }

  private static UsageException unknownCommand(String command) {
    return new UsageException("unknown command '" + command + "'\n" + USAGE);
  }

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
      if (cl.command() == null || "help".equals(cl.command())) {
        out.println(USAGE);
        return cl.command() == null ? EXIT_USAGE : 0;
      }
      if (cl.flag("help")) { // COMMAND --help: that command's usage, and nothing runs
        String usage = usageOf(cl.command());
        if (usage == null) {
          throw unknownCommand(cl.command());
        }
        out.println(usage);
        return 0;
      }
      Warehouse warehouse = new Warehouse(cl.option("warehouse", "warehouse"));
      switch (cl.command()) {
        case "train":
        case "meta-train":
        case "evaluate":
          return experiment(cl.command(), cl, warehouse, out);
        case "sweep":
          return experiment(sweepCommand(cl), cl, warehouse, out);
        case "quickstart":
          cl.allowOnly("quickstart");
          try (SparkSessions.Handle h = SparkSessions.create("quickstart", cl.option("master", null))) {
            return QuickstartJob.run(h.spark(), warehouse, out) > 0 ? EXIT_FAILED_RUNS : 0;
          }

        case "sql":
          return sql(cl, warehouse, out);
        case "analyze":
          return GradientCommands.analyze(cl, warehouse, out);
        case "collect":
          return GradientCommands.collect(cl, warehouse, out);
        case "report":
          return GradientCommands.report(cl, warehouse, out);
        case "bench":
          return bench(cl, out);
        default:
          throw unknownCommand(cl.command());
      }
    } catch (UsageException | ConfigException e) {
      err.println("error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      String why = ExecutorWatchdog.lastDiagnosis();
      if (why == null) {
        throw e;
      }
      err.println("error: " + why + "\n(Spark: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
      return EXIT_CLUSTER;
    }
  }

  /** The experiment commands and their config schemas. */
  private static final Map<String, ConfigSchema> SCHEMAS = Map.of(
      "train", TrainConfig.SCHEMA, "meta-train", MetaTrainConfig.SCHEMA, "evaluate", EvaluateConfig.SCHEMA);

  /**
   * {@code train}, {@code meta-train} and {@code evaluate}: expand the config's sweep into runs and run the
   * missing ones, one Spark task each (a sharded meta-training run: one barrier stage of S tasks).
   */
  private static int experiment(String command, CommandLine cl, Warehouse warehouse, PrintStream out) {
    String name = cl.command();
    if (command.equals("meta-train")) {
      cl.allowOnly(name, "conf", "set", "explain", "dry-run", "resume", "shards", "max-restarts");
    } else {
      cl.allowOnly(name, "conf", "set", "explain", "dry-run");
    }
    ExperimentConfig cfg = loadConfig(cl, schemaFor(command, cl));
    if (cl.flag("explain")) {
      out.print(cfg.schema().explain(cfg.expand().get(0).config()));
      return 0;
    }
    int shards = cl.intOption("shards", 1);
    int restarts = cl.intOption("max-restarts", MetaTrainJob.DEFAULT_SHARD_RESTARTS);
    if (shards < 1 || restarts < 0) {
      throw new UsageException("--shards must be >= 1 and --max-restarts >= 0");
    }
    if (shards > 1) {
      int minUnits = cfg.expand().stream().mapToInt(r -> MetaTrainConfig.of(r).units()).min().orElse(0);
      if (minUnits < shards) {
        throw new UsageException("--shards " + shards + " is more than the " + minUnits + " units of a run of "
            + cfg.source() + " (each shard needs at least one unit)");
      }
    }
    if (cl.flag("dry-run") && !command.equals("evaluate")) {
      RunKind kind = command.equals("train") ? TrainJob.kind() : new MetaTrainJob.Kind(false, 0);
      RunDriver.printPlan(out, cfg.experiment(), cfg.expand(), kind, warehouse, shards);
      return 0;
    }
    try (SparkSessions.Handle h = SparkSessions.create(command + " " + cfg.experiment(), cl.option("master", null))) {
      switch (command) {
        case "train":
          return exitCode(TrainJob.run(h.spark(), cfg, warehouse, out));
        case "meta-train":
          return exitCode(MetaTrainJob.run(h.spark(), cfg, warehouse, out, cl.flag("resume"), shards, restarts));
        default:
          if (cl.flag("dry-run")) {
            EvaluateJob.Plan plan = EvaluateJob.plan(h.spark(), cfg, warehouse, out);
            RunDriver.printPlan(out, cfg.experiment(), plan.runs(), plan.kind(), warehouse, 1);
            return 0;
          }
          return exitCode(EvaluateJob.run(h.spark(), cfg, warehouse, out).runs());
      }
    }
  }

  /**
   * The command a {@code sweep} config runs: its top-level {@code command:} key, or else the one experiment
   * schema the config is valid under.
   */
  static String sweepCommand(CommandLine cl) {
    String conf = cl.option("conf", null);
    if (conf == null) {
      throw new UsageException("--conf FILE is required (for example bin/optim4rl sweep --conf conf/meta_rl_catch.yaml)");
    }
    String declared = ExperimentConfig.declaredCommand(Path.of(conf));
    if (declared != null) {
      if (!SCHEMAS.containsKey(declared)) {
        throw new ConfigException(conf + ": command: '" + declared + "' is not one of " + new TreeSet<>(SCHEMAS.keySet()));
      }
      return declared;
    }
    List<String> fits = new ArrayList<>();
    for (Map.Entry<String, ConfigSchema> e : new TreeMap<>(SCHEMAS).entrySet()) {
      try {
        ExperimentConfig.load(Path.of(conf), schemaFor(e.getKey(), cl), cl.options("set"));
        fits.add(e.getKey());
      } catch (ConfigException ignored) {
        // not this kind of config
      }
    }
    if (fits.size() != 1) {
      throw new ConfigException(conf + ": cannot tell which command this config is for (" + (fits.isEmpty()
          ? "it is valid for none" : "it is valid for " + fits) + "); add a top-level 'command: train', "
          + "'command: meta-train' or 'command: evaluate'");
    }
    return fits.get(0);
  }

  private static int exitCode(RunDriver.Summary s) {
    return s.failed() > 0 ? EXIT_FAILED_RUNS : 0;
  }

  /**
   * The schema of {@code command}'s config: the PPO variants of train, meta-train and evaluate when the file says
   * {@code agent: ppo} at its top level.
   */
  private static ConfigSchema schemaFor(String command, CommandLine cl) {
    String conf = cl.option("conf", null);
    return conf == null ? SCHEMAS.get(command) : schemaFor(command, Path.of(conf));
  }

  /** The schema of {@code command}'s config file {@code conf} (see {@link #schemaFor(String, CommandLine)}). */
  static ConfigSchema schemaFor(String command, Path conf) {
    if (PpoTrainConfig.AGENT.equals(ExperimentConfig.declaredAgent(conf))) {
      if (command.equals("train")) {
        return PpoTrainConfig.SCHEMA;
      }
      if (command.equals("evaluate")) {
        return EvaluateConfig.PPO_SCHEMA;
      }
      if (command.equals("meta-train")) {
        return MetaTrainConfig.PPO_SCHEMA;
      }
    }
    return SCHEMAS.get(command);
  }

  private static ExperimentConfig loadConfig(CommandLine cl, ConfigSchema schema) {
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

  /** The options each {@code bench} sub-command reads; any other option is a usage error. */
  private static final Map<String, String[]> BENCH_OPTIONS = Map.of(
      "env", new String[] {"task", "envs", "seconds", "seed"},
      "meta", new String[] {"task", "units", "iterations", "optimizer", "threads", "warmup-seconds"},
      "kernel", new String[] {"coords", "threads", "seed", "mlp-dims", "verbose"},
      "physics", new String[] {"task", "envs", "steps"},
      "gradients", new String[] {"rows", "experiment", "partitions"});

  private static UsageException benchUsage() {
    return new UsageException("bench needs one of " + String.join(", ", new TreeSet<>(BENCH_OPTIONS.keySet())) + "\n"
        + usageOf("bench"));
  }

  private static int bench(CommandLine cl, PrintStream out) {
    List<String> pos = cl.positional();
    String what = pos.size() == 2 ? pos.get(1) : "";
    String[] allowed = BENCH_OPTIONS.get(what);
    if (allowed == null) {
      throw benchUsage();
    }
    cl.allowOnly("bench " + what, allowed);
    if (what.equals("gradients")) {
      return GradientCommands.bench(cl, new Warehouse(cl.option("warehouse", "warehouse")), out);
    }
    try {
      switch (what) {
        case "env":
          return benchEnv(cl, out);
        case "meta": {
          MetaBenchmark.Result r = MetaBenchmark.run(cl.option("task", "small_dense_short"), cl.intOption("units", 64),
              cl.intOption("iterations", 10), cl.option("optimizer", "optim4rl"), cl.intOption("threads", 0),
              cl.doubleOption("warmup-seconds", MetaBenchmark.DEFAULT_WARMUP_SECONDS));
          TablePrinter.print(out, TablePrinter.Format.TABLE, List.of("task", "units", "optimizer", "coords",
              "seconds_per_iteration", "env_steps_per_second", "peak_heap_mb", "host_fma_per_ns", "warmup_iterations",
              "warmup_seconds"), List.of(List.of(
              r.task(), r.units(), r.optimizer(), r.coords(), round(r.secondsPerIteration()),
              Math.round(r.envStepsPerSecond()), r.peakHeapMb(), round(r.hostFmasPerNs()), r.warmupIterations(),
              round(r.warmupSeconds()))));
          out.println(r.json());
          return 0;
        }
        case "kernel": {
          int threads = cl.intOption("threads", Runtime.getRuntime().availableProcessors());
          String dims = cl.option("mlp-dims", null); // a bad value: IllegalArgumentException, a usage error below
          int[] mlpDims = dims == null ? MetaParamLayouts.defaultMlpDims() : KernelBenchmark.parseMlpDims(dims);
          KernelBenchmark.Result r = KernelBenchmark.run(cl.intOption("coords", 1_000_000), threads, 4,
              cl.intOption("seed", 1), mlpDims);
          TablePrinter.print(out, TablePrinter.Format.TABLE, List.of("kernel", "mlp_dims", "coords", "threads",
              "forward_4_steps_s", "backward_s", "coords_per_second", "best_coords_per_second", "host_fma_per_ns",
              "alloc_bytes_per_coord"),
              List.of(List.of(r.kernel(), r.mlpDimsText(), r.coords(), r.threads(), round(r.forwardSeconds()),
              round(r.backwardSeconds()), Math.round(r.coordsPerSecond()), Math.round(r.bestCoordsPerSecond()),
              round(r.hostFmasPerNs()), round(r.allocatedBytesPerCoord()))));
          if (cl.flag("verbose")) {
            r.repetitionLines().forEach(out::println);
          }
          if (r.warning() != null) {
            System.err.println(r.warning());
          }
          out.printf(Locale.ROOT, "{\"coords\":%d,\"threads\":%d,\"mlp_dims\":\"%s\",\"coords_per_second\":%.0f,"
              + "\"best_coords_per_second\":%.0f,\"host_fma_per_ns\":%.2f,\"allocated_bytes_per_coord\":%.1f,"
              + "\"kernel\":\"%s\"}%n", r.coords(), r.threads(), r.mlpDimsText(), r.coordsPerSecond(),
              r.bestCoordsPerSecond(), r.hostFmasPerNs(), r.allocatedBytesPerCoord(), r.kernel());
          return 0;
        }
        case "physics": {
          List<String> tasks = List.of(cl.option("task", String.join(",", MujocoTasks.names())).split(","));
          out.print(MujocoBenchmark.run(tasks, cl.intOption("envs", 64), cl.intOption("steps", 300)));
          return 0;
        }
        default:
          throw benchUsage();
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
