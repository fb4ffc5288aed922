package io.optim4rl.jobs.runs;

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

  /** Runs every missing run of {@code cfg} as {@code kind}. */
  public static Summary run(SparkSession spark, ExperimentConfig cfg, Warehouse warehouse, PrintStream out,
      RunKind kind) {
    return run(spark, cfg.experiment(), cfg.expand(), warehouse, out, kind);
  }

  /** Runs every missing run of {@code all} (runs of one experiment) as {@code kind}. */
  public static Summary run(SparkSession spark, String experiment, List<RunSpec> all, Warehouse warehouse,
      PrintStream out, RunKind kind) {
    Set<String> done = WarehouseQueries.completedRunIds(spark, warehouse, experiment);
    List<RunSpec> todo = all.stream().filter(r -> !done.contains(r.runId())).toList();
    out.printf(Locale.ROOT, "experiment %s: %d runs, %d already in %s, %d to run%n", experiment, all.size(),
        all.size() - todo.size(), warehouse.root(), todo.size());
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
        .map(t -> kind.execute(t.spec(), warehouse, t.payload())).collectAsync();
    List<RunOutcome> outcomes = await(kind.name(), future, warehouse, iterations, totalIterations);
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
    return new Summary(all.size(), all.size() - todo.size(), outcomes.size() - failed, failed, outcomes);
  }

  /** What one Spark task receives. */
  private record RunTask(RunSpec spec, Serializable payload) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static List<RunOutcome> await(String label, JavaFutureAction<List<RunOutcome>> future, Warehouse warehouse,
      Map<String, Long> iterations, long totalIterations) {
    ProgressBar bar = ProgressBar.stderr(label);
    while (true) {
      try {
        List<RunOutcome> result = future.get(1, TimeUnit.SECONDS);
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
        throw new IllegalStateException("the Spark job failed: " + e.getCause().getMessage(), e.getCause());
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
