package io.optim4rl.jobs.train;

import io.optim4rl.jobs.cli.ProgressBar;
import io.optim4rl.jobs.cli.TablePrinter;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import io.optim4rl.jobs.warehouse.WarehouseQueries;
import java.io.PrintStream;
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
 * The {@code train} driver: expands the experiment's sweep into runs, skips the runs already completed in
 * the warehouse, runs each remaining run as one Spark task, shows a progress bar with ETA, and prints a
 * summary table.
 */
public final class TrainJob {

  /** Counts of a finished job. */
  public record Summary(int total, int skipped, int completed, int failed, List<RunOutcome> outcomes) {}

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
  public static Summary run(SparkSession spark, ExperimentConfig cfg, Warehouse warehouse, PrintStream out) {
    List<RunSpec> all = cfg.expand();
    Set<String> done = WarehouseQueries.completedRunIds(spark, warehouse, cfg.experiment());
    List<RunSpec> todo = all.stream().filter(r -> !done.contains(r.runId())).toList();
    out.printf(Locale.ROOT, "experiment %s: %d runs, %d already in %s, %d to run%n", cfg.experiment(), all.size(),
        all.size() - todo.size(), warehouse.root(), todo.size());
    if (todo.isEmpty()) {
      return new Summary(all.size(), all.size(), 0, 0, List.of());
    }
    Map<String, Long> iterations = new HashMap<>();
    long totalIterations = 0;
    for (RunSpec r : todo) {
      long it = TrainConfig.of(r).iterations();
      iterations.put(r.runId(), it);
      totalIterations += it;
    }
    for (RunSpec r : todo) {
      warehouse.clearProgress(r.runId());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobDescription("train " + cfg.experiment() + " (" + todo.size() + " runs)");
    JavaFutureAction<List<RunOutcome>> future =
        jsc.parallelize(todo, todo.size()).map(spec -> TrainRunner.execute(spec, warehouse)).collectAsync();
    List<RunOutcome> outcomes = await(future, warehouse, iterations, totalIterations);
    for (RunSpec r : todo) {
      warehouse.clearProgress(r.runId());
    }
    printOutcomes(out, todo, outcomes);
    int failed = (int) outcomes.stream().filter(o -> o.status().equals(Tables.FAILED)).count();
    return new Summary(all.size(), all.size() - todo.size(), outcomes.size() - failed, failed, outcomes);
  }

  private static List<RunOutcome> await(JavaFutureAction<List<RunOutcome>> future, Warehouse warehouse,
      Map<String, Long> iterations, long totalIterations) {
    ProgressBar bar = ProgressBar.stderr("train");
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

  private static void printOutcomes(PrintStream out, List<RunSpec> todo, List<RunOutcome> outcomes) {
    List<String> header = List.of("run_id", "task", "optimizer", "learning_rate", "seed", "status",
        "last20_return", "seconds");
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < todo.size(); i++) {
      TrainConfig c = TrainConfig.of(todo.get(i));
      RunOutcome o = outcomes.get(i);
      rows.add(List.of(o.runId(), c.task(), c.optimizer().name(), c.optimizer().learningRate(), c.seed(),
          o.status(), Double.isNaN(o.finalReturn()) ? "NaN" : round(o.finalReturn(), 4), round(o.wallSeconds(), 1)));
    }
    TablePrinter.print(out, TablePrinter.Format.TABLE, header, rows);
    for (RunOutcome o : outcomes) {
      if (o.error() != null) {
        out.println("run " + o.runId() + " failed: " + o.error());
      }
    }
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
