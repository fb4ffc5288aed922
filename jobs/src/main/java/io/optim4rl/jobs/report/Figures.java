package io.optim4rl.jobs.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's figures, drawn on a {@link Canvas} (so each exists as SVG and PNG):
 * Figure 1 / Figure 5 style panels of the density of log10(|g| + 1e-8) for all samples and the beginning,
 * middle and end parts, and W(part, all) against the part for every run.
 */
final class Figures {

  /** One histogram bin. */
  record Bin(double lo, double hi, long count) {}

  /** A labelled series of W values by part (1-based). */
  record Line(String label, double[] values, String colour) {}

  static final String[] COLOURS = {"#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3"};
  private static final double X_MIN = -9;
  private static final double X_MAX = 5;

  private Figures() {}

  /** Density histograms of log10(|g| + 1e-8), one panel per entry (title -> bins), x from -9 to 5. */
  static Canvas logHistograms(String title, Map<String, List<Bin>> panels) {
    int pw = 250;
    int ph = 200;
    Canvas c = new Canvas(pw * panels.size() + 20, ph + 90);
    c.text(c.width() / 2.0, 20, title, 14, "middle");
    double yMax = 0;
    for (List<Bin> bins : panels.values()) {
      long total = bins.stream().mapToLong(Bin::count).sum();
      for (Bin b : bins) {
        if (Double.isFinite(b.hi())) {
          yMax = Math.max(yMax, b.count() / (double) total / (b.hi() - b.lo()));
        }
      }
    }
    yMax = yMax <= 0 ? 1 : yMax * 1.05;
    int k = 0;
    for (Map.Entry<String, List<Bin>> e : panels.entrySet()) {
      double x0 = 50 + k * pw;
      double y0 = 40;
      double w = pw - 60;
      double h = ph - 20;
      long total = e.getValue().stream().mapToLong(Bin::count).sum();
      for (Bin b : e.getValue()) {
        if (!Double.isFinite(b.hi()) || b.count() == 0) {
          continue;
        }
        double d = b.count() / (double) total / (b.hi() - b.lo());
        double bx = x0 + (b.lo() - X_MIN) / (X_MAX - X_MIN) * w;
        double bw = (b.hi() - b.lo()) / (X_MAX - X_MIN) * w;
        c.rect(bx, y0 + h - d / yMax * h, Math.max(bw - 0.5, 0.5), d / yMax * h, COLOURS[0]);
      }
      axes(c, x0, y0, w, h);
      for (int t = -8; t <= 4; t += 4) {
        double tx = x0 + (t - X_MIN) / (X_MAX - X_MIN) * w;
        c.line(tx, y0 + h, tx, y0 + h + 4, "#000000", 1);
        c.text(tx, y0 + h + 16, Integer.toString(t), 10, "middle");
      }
      for (int t = 0; t <= 2; t++) {
        double v = yMax * t / 2;
        c.text(x0 - 4, y0 + h - h * t / 2 + 4, String.format(Locale.ROOT, "%.2f", v), 9, "end");
      }
      c.text(x0 + w / 2, y0 + h + 32, "log10(|g| + 1e-8)", 10, "middle");
      c.text(x0 + w / 2, y0 + h + 46, e.getKey() + String.format(Locale.ROOT, " (n = %,d)", total), 11, "middle");
      k++;
    }
    return c;
  }

  /** W(part, all) by part, one line per run. */
  static Canvas distancesByPart(String title, List<Line> lines) {
    Canvas c = new Canvas(520, 300);
    double x0 = 70;
    double y0 = 40;
    double w = 420;
    double h = 200;
    c.text(c.width() / 2.0, 20, title, 14, "middle");
    double yMax = 0;
    int parts = 1;
    for (Line l : lines) {
      parts = Math.max(parts, l.values().length);
      for (double v : l.values()) {
        yMax = Math.max(yMax, v);
      }
    }
    yMax = yMax <= 0 ? 1 : yMax * 1.05;
    for (int t = 0; t <= 4; t++) {
      double ty = y0 + h - h * t / 4;
      c.line(x0, ty, x0 + w, ty, "#e5e5e5", 1);
      c.text(x0 - 4, ty + 4, String.format(Locale.ROOT, "%.2e", yMax * t / 4), 9, "end");
    }
    for (int p = 1; p <= parts; p += Math.max(1, parts / 6)) {
      double tx = x0 + (p - 1) / (double) Math.max(1, parts - 1) * w;
      c.text(tx, y0 + h + 16, Integer.toString(p), 10, "middle");
    }
    c.text(x0 + w / 2, y0 + h + 34, "part (1 = beginning, 16 = middle, 30 = end)", 10, "middle");
    int k = 0;
    for (Line l : lines) {
      double[] v = l.values();
      for (int i = 0; i + 1 < v.length; i++) {
        c.line(x(x0, w, i, parts), y0 + h - v[i] / yMax * h, x(x0, w, i + 1, parts), y0 + h - v[i + 1] / yMax * h,
            l.colour(), 2);
      }
      c.rect(x0 + 10, y0 + 8 + 16 * k, 12, 4, l.colour());
      c.text(x0 + 28, y0 + 14 + 16 * k, l.label(), 10, "start");
      k++;
    }
    axes(c, x0, y0, w, h);
    return c;
  }

  private static double x(double x0, double w, int i, int parts) {
    return x0 + i / (double) Math.max(1, parts - 1) * w;
  }

  private static void axes(Canvas c, double x0, double y0, double w, double h) {
    c.line(x0, y0 + h, x0 + w, y0 + h, "#000000", 1);
    c.line(x0, y0, x0, y0 + h, "#000000", 1);
  }
}
