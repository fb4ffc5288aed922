package io.optim4rl.jobs.report;

import io.optim4rl.analysis.stats.SeedSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learning curves over seeds (the paper's Figures 3 and 4): return against environment steps, the mean over
 * seeds with its 90% percentile-bootstrap interval, one curve per optimizer and one panel per task.
 *
 * <p>Runs log at different step counts (A2C logs an iteration only when an episode ended in it), so the step
 * axis is cut into at most {@link #MAX_POINTS} equal bins; each run contributes the mean of its returns in a
 * bin, and a bin's point is the summary of those per-run means over the runs that logged in it. Sparse logs
 * such as PPO's 11 or 21 evaluations fall one per bin and are shown as they are.
 */
final class LearningCurves {

  /** Points per curve at most. */
  static final int MAX_POINTS = 50;

  /** One logged return of one run. */
  record Sample(String task, String curve, long seed, long envSteps, double value) {}

  /** A curve's points: x (mean env steps of the bin), mean over seeds, interval, seeds. */
  record Curve(String label, double[] steps, double[] mean, double[] lo, double[] hi, int[] seeds) {}

  private LearningCurves() {}

  /** Curves per task (insertion order of the samples), each curve per label. */
  static Map<String, List<Curve>> summarize(List<Sample> samples) {
    Map<String, Long> maxSteps = new LinkedHashMap<>();
    for (Sample s : samples) {
      maxSteps.merge(s.task(), s.envSteps(), Math::max);
    }
    // task -> curve -> bin -> seed -> [sum, count, stepSum]
    Map<String, Map<String, TreeMap<Integer, Map<Long, double[]>>>> bins = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (!Double.isFinite(s.value())) {
        continue;
      }
      long max = Math.max(1, maxSteps.get(s.task()));
      int bin = (int) Math.min(MAX_POINTS - 1, s.envSteps() * MAX_POINTS / (max + 1));
      double[] acc = bins.computeIfAbsent(s.task(), k -> new LinkedHashMap<>())
          .computeIfAbsent(s.curve(), k -> new TreeMap<>()).computeIfAbsent(bin, k -> new TreeMap<>())
          .computeIfAbsent(s.seed(), k -> new double[3]);
      acc[0] += s.value();
      acc[1]++;
      acc[2] += s.envSteps();
    }
    Map<String, List<Curve>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, TreeMap<Integer, Map<Long, double[]>>>> t : bins.entrySet()) {
      List<Curve> curves = new ArrayList<>();
      for (Map.Entry<String, TreeMap<Integer, Map<Long, double[]>>> c : t.getValue().entrySet()) {
        curves.add(curve(c.getKey(), c.getValue()));
      }
      out.put(t.getKey(), curves);
    }
    return out;
  }

  private static Curve curve(String label, TreeMap<Integer, Map<Long, double[]>> bins) {
    int n = bins.size();
    double[] steps = new double[n];
    double[] mean = new double[n];
    double[] lo = new double[n];
    double[] hi = new double[n];
    int[] seeds = new int[n];
    int i = 0;
    for (Map<Long, double[]> perSeed : bins.values()) {
      double[] values = new double[perSeed.size()];
      double stepSum = 0;
      double count = 0;
      int j = 0;
      for (double[] acc : perSeed.values()) {
        values[j++] = acc[0] / acc[1];
        stepSum += acc[2];
        count += acc[1];
      }
      SeedSummary s = SeedSummary.of(values, 1);
      steps[i] = stepSum / count;
      mean[i] = s.mean();
      lo[i] = values.length > 1 ? s.ciLow() : s.mean();
      hi[i] = values.length > 1 ? s.ciHigh() : s.mean();
      seeds[i] = values.length;
      i++;
    }
    return new Curve(label, steps, mean, lo, hi, seeds);
  }

  /** One panel: every curve's mean line over its shaded interval. */
  static Canvas panel(String title, List<Curve> curves) {
    Canvas c = new Canvas(560, 340);
    double x0 = 80;
    double y0 = 40;
    double w = 440;
    double h = 220;
    c.text(c.width() / 2.0, 20, title, 14, "middle");
    double xMax = 1;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Curve k : curves) {
      for (int i = 0; i < k.steps().length; i++) {
        xMax = Math.max(xMax, k.steps()[i]);
        yMin = Math.min(yMin, k.lo()[i]);
        yMax = Math.max(yMax, k.hi()[i]);
      }
    }
    if (!(yMax > yMin)) {
      yMin = Double.isFinite(yMin) ? yMin - 1 : 0;
      yMax = yMin + 2;
    }
    double pad = (yMax - yMin) * 0.05;
    double lowY = yMin - pad;
    double span = yMax + pad - lowY;
    for (int t = 0; t <= 4; t++) {
      double ty = y0 + h - h * t / 4;
      c.line(x0, ty, x0 + w, ty, "#e5e5e5", 1);
      c.text(x0 - 4, ty + 4, label(lowY + span * t / 4), 9, "end");
    }
    for (int t = 0; t <= 4; t++) {
      c.text(x0 + w * t / 4, y0 + h + 16, String.format(Locale.ROOT, "%.3g", xMax * t / 4), 9, "middle");
    }
    c.text(x0 + w / 2, y0 + h + 34, "environment steps", 10, "middle");
    int k = 0;
    for (Curve cv : curves) {
      String colour = Figures.COLOURS[k % Figures.COLOURS.length];
      int n = cv.steps().length;
      double[] px = new double[2 * n];
      double[] py = new double[2 * n];
      for (int i = 0; i < n; i++) {
        px[i] = x0 + cv.steps()[i] / xMax * w;
        py[i] = y0 + h - (cv.hi()[i] - lowY) / span * h;
        px[2 * n - 1 - i] = px[i];
        py[2 * n - 1 - i] = y0 + h - (cv.lo()[i] - lowY) / span * h;
      }
      if (n > 1) {
        c.polygon(px, py, colour, 0.2);
      }
      for (int i = 0; i + 1 < n; i++) {
        c.line(px[i], y0 + h - (cv.mean()[i] - lowY) / span * h, px[i + 1],
            y0 + h - (cv.mean()[i + 1] - lowY) / span * h, colour, 2);
      }
      c.rect(x0 + 10, y0 + 8 + 16 * k, 12, 4, colour);
      c.text(x0 + 28, y0 + 14 + 16 * k, cv.label(), 10, "start");
      k++;
    }
    c.line(x0, y0 + h, x0 + w, y0 + h, "#000000", 1);
    c.line(x0, y0, x0, y0 + h, "#000000", 1);
    c.text(x0 + w / 2, y0 + h + 52, "mean over seeds, shaded: 90% percentile-bootstrap interval", 9, "middle");
    return c;
  }

  private static String label(double v) {
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a != 0 && (a < 1e-2 || a >= 1e5) ? "%.2e" : "%.3g", v);
  }
}
