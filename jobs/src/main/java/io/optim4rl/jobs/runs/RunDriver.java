package io.optim4rl.jobs.runs;

import io.optim4rl.jobs.ExecutorWatchdog;
import io.optim4rl.jobs.cli.ProgressBar;
import io.optim4rl.jobs.cli.TablePrinter;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import io.optim4rl.jobs.warehouse.WarehouseQueries;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.parquet.example.data.Group;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The driver of every run-per-task command: expands the experiment into runs, skips the runs already
 * completed in the warehouse, ships the rest as one Spark task each, shows a progress bar with ETA from the
 * runs' progress records, and prints a summary table.
 */
public final class RunDriver {

  /** Counts of a finished job. */
  public record Summary(int total, int skipped, int completed, int failed, List<RunOutcome> outcomes) {}

  private RunDriver() {}

  /**
   * {@code --dry-run}: prints the runs (id, sweep values, whether already in the warehouse) with their
   * estimated cost, and the totals of what is still to run; runs nothing and needs no Spark.
   *
   * @param shards the shards each run's units are split into (the heap estimate is per shard)
   */
  public static void printPlan(PrintStream out, String experiment, List<RunSpec> runs, RunKind kind,
      Warehouse warehouse, int shards) {
    List<String> axes = new ArrayList<>();
    for (RunSpec r : runs) {
      r.sweepValues().keySet().stream().filter(a -> !axes.contains(a)).forEach(axes::add);
    }
    List<String> header = new ArrayList<>(List.of("run_id"));
    header.addAll(axes);
    header.addAll(List.of("present", "env_steps", "coords", shards > 1 ? "heap_mb_per_shard" : "est_heap_mb"));
    List<List<Object>> rows = new ArrayList<>();
    long steps = 0;
    long coords = 0;
    long heap = 0;
    int present = 0;
    for (RunSpec r : runs) {
      RunKind.Cost c = kind.cost(r);
      boolean done = committedOutcome(warehouse, r) != null;
      long runHeap = shards > 1 ? 256 + (c.heapMb() - 256) / shards : c.heapMb();
      List<Object> row = new ArrayList<>(List.of(r.runId()));
      axes.forEach(a -> row.add(r.sweepValues().containsKey(a) ? r.sweepValues().get(a) : "-"));
      row.addAll(List.of(done ? "yes" : "no", c.envSteps(), c.coordinates(), runHeap));
      rows.add(row);
      if (done) {
        present++;
      } else {
        steps += c.envSteps();
        coords = Math.max(coords, c.coordinates());
        heap = Math.max(heap, runHeap);
      }
    }
    TablePrinter.print(out, TablePrinter.Format.TABLE, header, rows);
    out.printf(Locale.ROOT, "experiment %s: %d runs, %d already in %s, %d to run: %,d env steps in all; the largest "
        + "run updates %,d coordinates and needs about %,d MB of executor heap%s (estimate)%n", experiment, runs.size(),
        present, warehouse.root(), runs.size() - present, steps, coords, heap, shards > 1 ? " per shard" : "");
  }

  /** Runs every missing run of {@code cfg} as {@code kind}. */
  public static Summary run(SparkSession spark, ExperimentConfig cfg, Warehouse warehouse, PrintStream out,
      RunKind kind) {
    return run(spark, cfg.experiment(), cfg.expand(), warehouse, out, kind);
  }

  /** Runs every missing run of {@code all} (runs of one experiment) as {@code kind}. */
  public static Summary run(SparkSession spark, String experiment, List<RunSpec> all, Warehouse warehouse,
      PrintStream out, RunKind kind) {
    List<RunSpec> todo = missingRuns(spark, experiment, all, warehouse, out, "");
    if (todo.isEmpty()) {
      return new Summary(all.size(), all.size(), 0, 0, List.of());
    }
    Map<String, Long> iterations = new HashMap<>();
    long totalIterations = 0;
    for (RunSpec r : todo) {
      long it = kind.iterations(r);
      iterations.put(r.runId(), it);
      totalIterations += it;
      warehouse.clearProgress(r.runId());
    }
    Map<String, Serializable> payloads = kind.prepare(spark, warehouse, todo);
    List<RunTask> tasks = todo.stream().map(r -> new RunTask(r, payloads.get(r.runId()))).toList();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobDescription(kind.name() + " " + experiment + " (" + todo.size() + " runs)");
    JavaFutureAction<List<RunOutcome>> future = jsc.parallelize(tasks, tasks.size())
        .map(t -> runTask(kind, t, warehouse)).collectAsync();
    List<RunOutcome> outcomes;
    try {
      outcomes = await(kind.name(), future, warehouse, iterations, totalIterations);
    } catch (SparkJobFailedException e) {
      outcomes = recordAbortedJob(todo, warehouse, e.getMessage());
    }
    return report(out, kind, all.size(), todo, outcomes, warehouse);
  }

  /**
   * The runs of {@code all} not yet completed in the warehouse; prints how many there are and how many are
   * already present (then {@code detail}, e.g. ", 2 shards each").
   */
  public static List<RunSpec> missingRuns(SparkSession spark, String experiment, List<RunSpec> all,
      Warehouse warehouse, PrintStream out, String detail) {
    Set<String> done = WarehouseQueries.completedRunIds(spark, warehouse, experiment);
    List<RunSpec> todo = all.stream().filter(r -> !done.contains(r.runId())).toList();
    out.printf(Locale.ROOT, "experiment %s: %d runs, %d already in %s, %d to run%s%n", experiment, all.size(),
        all.size() - todo.size(), warehouse.root(), todo.size(), detail);
    return todo;
  }

  /**
   * Clears the runs' progress records, prints the per-run summary table and the errors of failed runs, and
   * returns the counts.
   */
  public static Summary report(PrintStream out, RunKind kind, int total, List<RunSpec> todo, List<RunOutcome> outcomes,
      Warehouse warehouse) {
    for (RunSpec r : todo) {
      warehouse.clearProgress(r.runId());
    }
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < todo.size(); i++) {
      rows.add(kind.summaryRow(todo.get(i), outcomes.get(i)));
    }
    TablePrinter.print(out, TablePrinter.Format.TABLE, kind.summaryHeader(), rows);
    for (RunOutcome o : outcomes) {
      if (o.error() != null) {
        out.println("run " + o.runId() + " failed: " + o.error());
      }
    }
    out.println("results: " + warehouse.root() + " (query them with bin/optim4rl sql \"SELECT ... FROM runs\")");
    int failed = (int) outcomes.stream().filter(o -> o.status().equals(Tables.FAILED)).count();
    return new Summary(total, total - todo.size(), outcomes.size() - failed, failed, outcomes);
  }

  /**
   * One run inside its Spark task: binds the task's GPU if it has one, and does nothing when an earlier
   * attempt of the task already committed the run (its executor was lost after the commit), so a run is
   * never written twice.
   */
  static RunOutcome runTask(RunKind kind, RunTask t, Warehouse warehouse) {
    TaskRuntime.bindGpu();
    RunSpec spec = t.spec();
    RunOutcome committed = committedOutcome(warehouse, spec);
    return committed != null ? committed : kind.execute(spec, warehouse, t.payload());
  }

  /** The outcome recorded in the run's {@code runs} row when it is completed, else null. */
  static RunOutcome committedOutcome(Warehouse warehouse, RunSpec spec) {
    List<Group> rows = warehouse.readFile(Tables.RUNS.name(), spec.experiment(), spec.runId());
    if (rows.isEmpty() || !Tables.COMPLETED.equals(rows.get(0).getString("status", 0))) {
      return null;
    }
    Group g = rows.get(0);
    double finalReturn = g.getFieldRepetitionCount("final_return") == 0 ? Double.NaN : g.getDouble("final_return", 0);
    double seconds = g.getFieldRepetitionCount("wall_seconds") == 0 ? 0 : g.getDouble("wall_seconds", 0);
    return new RunOutcome(spec.runId(), Tables.COMPLETED, finalReturn, null, seconds);
  }

  /**
   * After Spark gave up on the job (a task failed on every attempt, e.g. its executors kept dying): the runs
   * that were committed keep their outcome; every other run is recorded as failed with the job's error.
   */
  public static List<RunOutcome> recordAbortedJob(List<RunSpec> todo, Warehouse warehouse, String error) {
    List<RunOutcome> out = new ArrayList<>();
    for (RunSpec r : todo) {
      RunOutcome committed = committedOutcome(warehouse, r);
      if (committed != null) {
        out.add(committed);
        continue;
      }
      long now = Warehouse.nowMicros();
      warehouse.writeAtomically(RunRecords.runsSchema(r), r.experiment(), r.runId(),
          List.<Object[]>of(RunRecords.row(r, Tables.FAILED, error, null, now, now)));
      out.add(new RunOutcome(r.runId(), Tables.FAILED, Double.NaN, error, 0));
    }
    return out;
  }

  /** The Spark job of a command failed as a whole. */
  public static final class SparkJobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SparkJobFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What one Spark task receives. */
  record RunTask(RunSpec spec, Serializable payload) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Waits for {@code future}, showing a progress bar with ETA from the runs' progress records
   * ({@code iterations}: run id to its iteration count).
   *
   * @throws SparkJobFailedException when the Spark job failed
   */
  public static <T> List<T> await(String label, JavaFutureAction<List<T>> future, Warehouse warehouse,
      Map<String, Long> iterations, long totalIterations) {
    ProgressBar bar = ProgressBar.stderr(label);
    while (true) {
      try {
        List<T> result = future.get(1, TimeUnit.SECONDS);
        bar.update(totalIterations, totalIterations, iterations.size() + "/" + iterations.size() + " runs done");
        bar.finish();
        return result;
      } catch (TimeoutException e) {
        showProgress(bar, warehouse, iterations, totalIterations);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        bar.finish();
        String why = ExecutorWatchdog.lastDiagnosis();
        throw new SparkJobFailedException(why != null ? why : "the Spark job failed: " + e.getCause().getMessage(),
            e.getCause());
      }
    }
  }

  private static void showProgress(ProgressBar bar, Warehouse warehouse, Map<String, Long> iterations,
      long totalIterations) {
    long doneIterations = 0;
    int finished = 0;
    int running = 0;
    for (Map.Entry<String, String> e : warehouse.readProgress().entrySet()) {
      Long total = iterations.get(e.getKey());
      if (total == null) {
        continue;
      }
      long it = RunProgress.parseIteration(e.getValue());
      doneIterations += Math.min(it, total);
      if (it >= total || RunProgress.isFinished(e.getValue())) {
        finished++;
      } else {
        running++;
      }
    }
    bar.update(doneIterations, totalIterations, String.format(Locale.ROOT, "%d/%d runs done, %d running", finished,
        iterations.size(), running));
  }
}
