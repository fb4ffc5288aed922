package io.optim4rl.jobs.evaluate;

import io.optim4rl.analysis.stats.SeedSummary;
import io.optim4rl.jobs.cli.TablePrinter;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.runs.RunKind;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.train.PpoTrainConfig;
import io.optim4rl.jobs.train.PpoTrainRunner;
import io.optim4rl.jobs.train.TrainConfig;
import io.optim4rl.jobs.train.TrainJob;
import io.optim4rl.jobs.warehouse.Checkpoint;
import io.optim4rl.jobs.warehouse.Checkpoints;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code evaluate} command (REFERENCE 6): selects checkpoints by a query (never by path), trains fresh
 * A2C agents with each frozen learned optimizer and with the classical baselines, one run per
 * (optimizer or checkpoint, task, seed) and Spark task, and summarises over seeds. Incremental and
 * idempotent: evaluation runs already in the warehouse are skipped.
 */
public final class EvaluateJob {

  private EvaluateJob() {}

  /** Result of an evaluate command. */
  public record Result(RunDriver.Summary runs, List<SummaryRow> summaries) {}

  /** One row of the summary over seeds. */
  public record SummaryRow(String optimizer, String checkpointRunId, Long checkpointIteration, String task,
      SeedSummary summary) {}

  /** The evaluation runs of a config: one per (selected checkpoint or baseline, sweep point), and their kind. */
  public record Plan(List<RunSpec> runs, RunKind kind) {}

  /** Selects the checkpoints and expands the evaluation runs (nothing runs). */
  public static Plan plan(SparkSession spark, ExperimentConfig cfg, Warehouse warehouse, PrintStream out) {
    List<RunSpec> base = cfg.expand();
    RunSpec first = base.get(0);
    String predicate = EvaluateConfig.checkpointPredicate(first.string("checkpoint.experiment"),
        first.string("checkpoint.where"), first.string("checkpoint.iteration"));
    List<Checkpoint> checkpoints = Checkpoints.select(spark, warehouse, predicate);
    out.printf(Locale.ROOT, "checkpoints selected by [%s]: %d%n", predicate, checkpoints.size());
    if (checkpoints.isEmpty() && ((List<?>) first.config().get("baselines")).isEmpty()) {
      throw new ConfigException(cfg.source() + ": no checkpoint matches [" + predicate + "] in " + warehouse.root()
          + " and no baselines are configured (run the meta-training experiment first, or fix checkpoint.where)");
    }
    Map<String, Checkpoint> byRun = new HashMap<>();
    List<RunSpec> runs = new ArrayList<>();
    for (RunSpec b : base) {
      for (Checkpoint c : checkpoints) {
        RunSpec r = evaluationRun(b, c.optimizerKind(), c.runId(), c.iteration());
        byRun.put(r.runId(), c);
        runs.add(r);
      }
      for (Object name : (List<?>) b.config().get("baselines")) {
        runs.add(evaluationRun(b, (String) name, null, null));
      }
    }
    return new Plan(runs, new Kind(byRun));
  }

  /** Expands the evaluation runs, runs the missing ones, then prints and stores the summaries. */
  public static Result run(SparkSession spark, ExperimentConfig cfg, Warehouse warehouse, PrintStream out) {
    Plan plan = plan(spark, cfg, warehouse, out);
    RunDriver.Summary summary = RunDriver.run(spark, cfg.experiment(), plan.runs(), warehouse, out, plan.kind());
    List<SummaryRow> rows = summarize(spark, warehouse, cfg.experiment());
    printSummaries(out, rows);
    return new Result(summary, rows);
  }

  private static RunSpec evaluationRun(RunSpec base, String optimizer, String ckptRun, Long ckptIteration) {
    Map<String, Object> config = new LinkedHashMap<>(base.config());
    config.remove("experiment");
    config.put("optimizer.name", optimizer);
    config.put(EvaluateConfig.EVAL_OPTIMIZER, optimizer);
    config.put(EvaluateConfig.EVAL_CHECKPOINT_RUN, ckptRun == null ? "" : ckptRun);
    config.put(EvaluateConfig.EVAL_CHECKPOINT_ITERATION, ckptIteration == null ? -1L : ckptIteration);
    Map<String, Object> sweep = new LinkedHashMap<>(base.sweepValues());
    sweep.put(EvaluateConfig.EVAL_OPTIMIZER, optimizer);
    if (ckptRun != null) {
      sweep.put(EvaluateConfig.EVAL_CHECKPOINT_RUN, ckptRun);
      sweep.put(EvaluateConfig.EVAL_CHECKPOINT_ITERATION, ckptIteration);
    }
    return RunSpec.of(base.experiment(), "evaluate", config, sweep);
  }

  /** Reads the experiment's evaluations and summarises them over seeds; stores the summaries. */
  static List<SummaryRow> summarize(SparkSession spark, Warehouse warehouse, String experiment) {
    if (!warehouse.hasPartition(Tables.EVALUATIONS.name(), experiment)) {
      return List.of();
    }
    List<Row> rows = spark.read().parquet(warehouse.partitionDir(Tables.EVALUATIONS.name(), experiment).toString())
        .where("final_return IS NOT NULL")
        .orderBy("optimizer", "checkpoint_run_id", "checkpoint_iteration", "task", "seed").collectAsList();
    Map<List<Object>, List<Double>> groups = new LinkedHashMap<>();
    for (Row r : rows) {
      List<Object> key = new ArrayList<>();
      key.add(r.getString(r.fieldIndex("optimizer")));
      key.add(r.isNullAt(r.fieldIndex("checkpoint_run_id")) ? null : r.getString(r.fieldIndex("checkpoint_run_id")));
      key.add(r.isNullAt(r.fieldIndex("checkpoint_iteration")) ? null : r.getLong(r.fieldIndex("checkpoint_iteration")));
      key.add(r.getString(r.fieldIndex("task")));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r.getDouble(r.fieldIndex("final_return")));
    }
    List<SummaryRow> out = new ArrayList<>();
    List<Object[]> table = new ArrayList<>();
    for (Map.Entry<List<Object>, List<Double>> e : groups.entrySet()) {
      List<Object> k = e.getKey();
      SeedSummary s = SeedSummary.of(e.getValue().stream().mapToDouble(Double::doubleValue).toArray(), 1);
      out.add(new SummaryRow((String) k.get(0), (String) k.get(1), (Long) k.get(2), (String) k.get(3), s));
      table.add(new Object[] {k.get(0), k.get(1), k.get(2), k.get(3), (long) s.n(), s.mean(), s.standardError(),
          s.ciLow(), s.ciHigh()});
    }
    warehouse.writeAtomically(Tables.EVALUATION_SUMMARIES, experiment, "summary", table);
    return out;
  }

  static void printSummaries(PrintStream out, List<SummaryRow> rows) {
    List<List<Object>> table = new ArrayList<>();
    for (SummaryRow r : rows) {
      SeedSummary s = r.summary();
      String who = r.checkpointRunId() == null ? r.optimizer()
          : r.optimizer() + " " + r.checkpointRunId() + "@" + r.checkpointIteration();
      table.add(List.of(who, r.task(), s.n(), fmt(s.mean()), fmt(s.halfWidth()), "[" + fmt(s.ciLow()) + ", "
          + fmt(s.ciHigh()) + "]", fmt(s.standardError())));
    }
    out.println("final return per run (A2C: mean of the last 20 logged returns; PPO: of the last 2 evaluations), "
        + "over seeds (90% percentile-bootstrap interval):");
    TablePrinter.print(out, TablePrinter.Format.TABLE,
        List.of("optimizer", "task", "seeds", "mean", "+-", "90% interval", "std_error"), table);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** The evaluate run kind. */
  static final class Kind implements RunKind {
    private static final long serialVersionUID = 1L;
    private final Map<String, Checkpoint> checkpoints;

    Kind(Map<String, Checkpoint> checkpoints) {
      this.checkpoints = new HashMap<>(checkpoints);
    }

    @Override
    public String name() {
      return "evaluate";
    }

    @Override
    public long iterations(RunSpec spec) {
      return PpoTrainConfig.isPpo(spec) ? PpoTrainRunner.iterations(spec) : TrainConfig.of(spec).iterations();
    }

    @Override
    public Map<String, Serializable> prepare(SparkSession spark, Warehouse warehouse, List<RunSpec> todo) {
      return new HashMap<>(checkpoints);
    }

    @Override
    public RunOutcome execute(RunSpec spec, Warehouse warehouse, Serializable payload) {
      return EvaluateRunner.execute(spec, warehouse, (Checkpoint) payload);
    }

    @Override
    public Cost cost(RunSpec spec) {
      return TrainJob.cost(spec);
    }

    @Override
    public List<String> summaryHeader() {
      return List.of("run_id", "optimizer", "checkpoint", "task", "seed", "status", "last20_return", "seconds");
    }

    @Override
    public List<Object> summaryRow(RunSpec spec, RunOutcome o) {
      String ck = spec.string(EvaluateConfig.EVAL_CHECKPOINT_RUN);
      return List.of(o.runId(), spec.string(EvaluateConfig.EVAL_OPTIMIZER),
          ck.isEmpty() ? "-" : ck + "@" + spec.longValue(EvaluateConfig.EVAL_CHECKPOINT_ITERATION),
          spec.string("task"), spec.longValue("seed"), o.status(),
          Double.isNaN(o.finalReturn()) ? "NaN" : Math.round(o.finalReturn() * 1e4) / 1e4,
          Math.round(o.wallSeconds() * 10) / 10.0);
    }
  }
}
