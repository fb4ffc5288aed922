package io.optim4rl.jobs.report;

import io.optim4rl.jobs.sql.SqlJob;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The report of a train or evaluate experiment: the paper's Figure 3 / Figure 4 panels (return against
 * environment steps, mean over seeds with a 90% percentile-bootstrap interval, one curve per optimizer or
 * evaluated checkpoint, one panel per task) and, for evaluations, the summary table over seeds. Each table and
 * figure is shown with the SQL that produced it.
 */
final class LearningCurveReport {

  private LearningCurveReport() {}

  /** Writes the report of {@code experiments} (one page; panels per task over all of them). */
  static Path run(SparkSession spark, Warehouse warehouse, List<String> experiments, Path out, PrintStream log) {
    List<String> tables = SqlJob.registerTables(spark, warehouse);
    String experiment = String.join(", ", experiments);
    List<String> quotedNames = new ArrayList<>();
    for (String e : experiments) {
      quotedNames.add("'" + e.replace("'", "''") + "'");
    }
    String quoted = "(" + String.join(", ", quotedNames) + ")";
    boolean evaluations = tables.contains(Tables.EVALUATIONS.name());
    String curveSql = evaluations ? String.join("\n",
        "SELECT r.task, CASE WHEN e.checkpoint_run_id IS NULL THEN r.optimizer",
        "         ELSE concat(e.optimizer, ' ', substr(e.checkpoint_run_id, 1, 8), '@', e.checkpoint_iteration) END",
        "         AS curve, r.seed, r.env_steps, r.episode_return",
        "FROM returns r LEFT JOIN evaluations e ON e.experiment = r.experiment AND e.eval_id = r.run_id",
        "WHERE r.experiment IN " + quoted,
        "ORDER BY r.task, curve, r.seed, r.env_steps")
        : String.join("\n",
        "SELECT task, optimizer AS curve, seed, env_steps, episode_return",
        "FROM returns WHERE experiment IN " + quoted,
        "ORDER BY task, curve, seed, env_steps");
    List<LearningCurves.Sample> samples = new ArrayList<>();
    for (Row r : spark.sql(curveSql).collectAsList()) {
      samples.add(new LearningCurves.Sample(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3),
          r.getDouble(4)));
    }
    StringBuilder page = new StringBuilder(Html.head(experiment));
    page.append("<h1>Learning curves: ").append(Html.escape(experiment)).append("</h1>\n")
        .append("<p>Return against environment steps as in the paper's Figures 3 and 4 (Optim4RL, Lan et al., RLC "
            + "2024): the mean over seeds and its 90% percentile-bootstrap interval. A2C runs log the mean return of "
            + "the episodes that ended in an iteration; PPO runs log the evaluation return (REFERENCE 3.4, 3.6). "
            + "Steps are grouped into at most " + LearningCurves.MAX_POINTS + " bins per curve.</p>\n");
    String summarySql = "SELECT optimizer, checkpoint_run_id, checkpoint_iteration, task, runs, mean, standard_error, "
        + "ci_low, ci_high\nFROM evaluation_summaries WHERE experiment IN " + quoted
        + "\nORDER BY task, mean DESC";
    if (experiments.stream().anyMatch(e -> warehouse.hasPartition(Tables.EVALUATION_SUMMARIES.name(), e))) {
      List<List<Object>> rows = new ArrayList<>();
      for (Row r : spark.sql(summarySql).collectAsList()) {
        rows.add(List.of(r.getString(0), r.isNullAt(1) ? "-" : r.getString(1), r.isNullAt(2) ? "-" : r.getLong(2),
            r.getString(3), r.getLong(4), fmt(r.getDouble(5)), fmt(r.getDouble(6)), "[" + fmt(r.getDouble(7)) + ", "
                + fmt(r.getDouble(8)) + "]"));
      }
      page.append("<h2>Final return over seeds</h2>\n<p>Per run: the mean of the last 20 logged returns (A2C) or "
          + "of the last 2 evaluations (PPO), REFERENCE 6.</p>\n")
          .append(Html.table(List.of("optimizer", "checkpoint", "iteration", "task", "runs", "mean", "std_error",
              "90% interval"), rows))
          .append("<pre>").append(Html.escape(summarySql)).append("</pre>\n");
    }
    try {
      Files.createDirectories(out);
      page.append("<h2>Return against environment steps</h2>\n");
      for (Map.Entry<String, List<LearningCurves.Curve>> e : LearningCurves.summarize(samples).entrySet()) {
        Canvas c = LearningCurves.panel(e.getKey(), e.getValue());
        page.append(ReportJob.save(c, out, "curves_" + e.getKey().replaceAll("[^A-Za-z0-9_.-]", "_")));
      }
      page.append("<pre>").append(Html.escape(curveSql)).append("</pre>\n</body></html>\n");
      Path index = out.resolve("index.html");
      Files.writeString(index, page, StandardCharsets.UTF_8);
      log.println("report of " + experiment + ": " + index.toAbsolutePath());
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + out + ": " + e.getMessage(), e);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
