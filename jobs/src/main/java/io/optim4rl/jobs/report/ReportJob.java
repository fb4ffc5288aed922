package io.optim4rl.jobs.report;

import io.optim4rl.jobs.cli.UsageException;
import io.optim4rl.jobs.gradients.Table4;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code report --experiment NAME}: for a train or evaluate experiment, its learning curves
 * ({@link LearningCurveReport}); for a gradient analysis NAME (from {@code analyze gradients}) as
 * {@code <out>/index.html}, a self-contained page (figures inlined as SVG) that shows each table with the
 * SQL that produced it, plus every figure as PNG and SVG files: Figure 1 / Figure 5 style histograms per run
 * (all samples, beginning, middle, end in log10 space), W(part, all) by part, and Table 4.
 */
public final class ReportJob {

  private ReportJob() {}

  /** Writes the report; returns the page's path. */
  public static Path run(SparkSession spark, Warehouse warehouse, String experiment, Path out, PrintStream log) {
    if (!experiment.matches("[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*")) {
      throw new UsageException("--experiment must be a plain experiment name (or, for learning curves, several "
          + "separated by commas), got '" + experiment + "'");
    }
    if (experiment.contains(",")) {
      List<String> names = List.of(experiment.split(","));
      for (String name : names) {
        if (!warehouse.hasPartition(Tables.RETURNS.name(), name)) {
          throw new UsageException("no returns of experiment '" + name + "' in " + warehouse.root() + " (several "
              + "experiments make one learning-curve report; run each train or evaluate config first)");
        }
      }
      return LearningCurveReport.run(spark, warehouse, names, out, log);
    }
    if (!warehouse.hasPartition(Tables.GRADIENT_DISTANCES.name(), experiment)) {
      if (warehouse.hasPartition(Tables.RETURNS.name(), experiment)) {
        return LearningCurveReport.run(spark, warehouse, List.of(experiment), out, log);
      }
      throw new UsageException("no gradient analysis and no returns of experiment '" + experiment + "' in "
          + warehouse.root() + " (run bin/optim4rl analyze gradients, train, sweep or evaluate with conf/"
          + experiment + ".yaml first)");
    }
    SqlJob.registerTables(spark, warehouse);
    String table4Sql = String.join("\n",
        "SELECT source, task, run_id, space,",
        "       max(CASE WHEN stage = 1 THEN wasserstein END)  AS beginning,",
        "       max(CASE WHEN stage = 16 THEN wasserstein END) AS middle,",
        "       max(CASE WHEN stage = 30 THEN wasserstein END) AS end",
        "FROM gradient_distances WHERE experiment = '" + experiment + "'",
        "GROUP BY source, task, run_id, space ORDER BY space DESC, source, task, run_id");
    String histSql = String.join("\n",
        "SELECT run_id, source, task, stage, bin_lo, bin_hi, count",
        "FROM gradient_histograms WHERE experiment = '" + experiment + "' AND space = 'log10'",
        "  AND stage IN (0, 1, 16, 30)",
        "ORDER BY source, task, run_id, stage, bin_lo");
    String distSql = String.join("\n",
        "SELECT run_id, source, task, space, stage, wasserstein",
        "FROM gradient_distances WHERE experiment = '" + experiment + "'",
        "ORDER BY source, task, run_id, space, stage");
    List<List<Object>> t4 = new ArrayList<>();
    for (Row r : spark.sql(table4Sql).collectAsList()) {
      t4.add(List.of(r.getString(0), r.getString(1), r.getString(2), r.getString(3), fmt(r, 4), fmt(r, 5), fmt(r, 6)));
    }
    try {
      Files.createDirectories(out);
      StringBuilder page = new StringBuilder();
      page.append(Html.head(experiment));
      page.append("<h1>Gradient distributions: ").append(Html.escape(experiment)).append("</h1>\n")
          .append("<p>Optim4RL (Lan et al., RLC 2024), Figure 1, Figure 5 and Table 4, reproduced by optim4rl-spark "
              + "(REFERENCE 7.3, 7.4). Paper's Table 4 (raw g): MNIST 4.0642e-4, 0.7205e-4, 1.4204e-4; "
              + "big_dense_long 7.1583e-4, 1.1726e-4, 6.7967e-4.</p>\n");
      page.append("<h2>Table 4: W(part, all)</h2>\n").append(Html.table(Table4.HEADER, t4))
          .append("<pre>").append(Html.escape(table4Sql)).append("</pre>\n");
      page.append(histogramFigures(spark, histSql, out));
      page.append("<pre>").append(Html.escape(histSql)).append("</pre>\n");
      page.append(distanceFigures(spark, distSql, out));
      page.append("<pre>").append(Html.escape(distSql)).append("</pre>\n</body></html>\n");
      Path index = out.resolve("index.html");
      Files.writeString(index, page, StandardCharsets.UTF_8);
      log.println("report of " + experiment + ": " + index.toAbsolutePath());
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + out + ": " + e.getMessage(), e);
    }
  }

  private static String fmt(Row r, int i) {
    return r.isNullAt(i) ? "-" : Table4.format(r.getDouble(i));
  }

  private static String histogramFigures(SparkSession spark, String sql, Path out) throws IOException {
    Map<String, Map<String, List<Figures.Bin>>> byRun = new LinkedHashMap<>();
    Map<String, String> titles = new LinkedHashMap<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      String run = r.getString(0);
      titles.put(run, (r.getString(1).equals("rl") ? "Figure 1 style: " : "Figure 5 style: ") + r.getString(2)
          + " (" + r.getString(1) + ", run " + run.substring(0, Math.min(12, run.length())) + ")");
      int stage = r.getInt(3);
      String panel = switch (stage) {
        case 0 -> "all steps";
        case 1 -> "beginning (part 1)";
        case 16 -> "middle (part 16)";
        default -> "end (part 30)";
      };
      byRun.computeIfAbsent(run, k -> new LinkedHashMap<>()).computeIfAbsent(panel, k -> new ArrayList<>())
          .add(new Figures.Bin(r.getDouble(4), r.getDouble(5), r.getLong(6)));
    }
    StringBuilder sb = new StringBuilder("<h2>Histograms of log10(|g| + 1e-8)</h2>\n");
    for (Map.Entry<String, Map<String, List<Figures.Bin>>> e : byRun.entrySet()) {
      Canvas c = Figures.logHistograms(titles.get(e.getKey()), e.getValue());
      sb.append(save(c, out, "histograms_" + e.getKey().substring(0, Math.min(12, e.getKey().length()))));
    }
    return sb.toString();
  }

  private static String distanceFigures(SparkSession spark, String sql, Path out) throws IOException {
    Map<String, Map<String, List<Double>>> bySpace = new LinkedHashMap<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      String label = r.getString(1) + " " + r.getString(2) + " " + r.getString(0).substring(0,
          Math.min(8, r.getString(0).length()));
      bySpace.computeIfAbsent(r.getString(3), k -> new LinkedHashMap<>()).computeIfAbsent(label,
          k -> new ArrayList<>()).add(r.getDouble(5));
    }
    StringBuilder sb = new StringBuilder("<h2>W(part, all) by part</h2>\n");
    for (Map.Entry<String, Map<String, List<Double>>> e : bySpace.entrySet()) {
      List<Figures.Line> lines = new ArrayList<>();
      int k = 0;
      for (Map.Entry<String, List<Double>> l : e.getValue().entrySet()) {
        lines.add(new Figures.Line(l.getKey(), l.getValue().stream().mapToDouble(Double::doubleValue).toArray(),
            Figures.COLOURS[k++ % Figures.COLOURS.length]));
      }
      String space = e.getKey().equals("raw") ? "raw g" : "log10(|g| + 1e-8)";
      sb.append(save(Figures.distancesByPart("W(part, all) on " + space, lines), out, "distances_" + e.getKey()));
    }
    return sb.toString();
  }

  static String save(Canvas c, Path out, String name) throws IOException {
    Files.writeString(out.resolve(name + ".svg"), c.svg(), StandardCharsets.UTF_8);
    ImageIO.write(c.png(), "png", out.resolve(name + ".png").toFile());
    return String.format(Locale.ROOT, "<figure>%s<figcaption>%s.svg, %s.png</figcaption></figure>%n", c.svg(), name,
        name);
  }
}
