package io.optim4rl.jobs.gradients;

import io.optim4rl.jobs.cli.TablePrinter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Table 4 of the paper: W(part, all) at the beginning (part 1), middle (16) and end (30) for the RL and the
 * MNIST runs side by side, and whether every RL distance exceeds its MNIST counterpart (the paper's claim).
 */
public final class Table4 {

  /** The parts Table 4 reports (1-based): beginning, middle, end of 30. */
  public static final int[] STAGES = {1, 16, 30};
  public static final List<String> HEADER = List.of("source", "task", "run_id", "space", "beginning", "middle", "end");

  private Table4() {}

  /** Rows of Table 4 (raw space first, then log10) for the analysed runs. */
  public static List<List<Object>> rows(List<GradientAnalysisJob.RunResult> results) {
    List<List<Object>> rows = new ArrayList<>();
    for (String space : List.of(GradientAnalysisJob.RAW, GradientAnalysisJob.LOG10)) {
      for (GradientAnalysisJob.RunResult r : results) {
        double[] w = space.equals(GradientAnalysisJob.RAW) ? r.raw() : r.log10();
        List<Object> row = new ArrayList<>(List.of(r.source(), r.task(), r.runId(), space));
        for (int s : STAGES) {
          row.add(s <= w.length ? format(w[s - 1]) : "-");
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** "7.1583e-04": four significant decimals as in the paper. */
  public static String format(double w) {
    return String.format(Locale.ROOT, "%.4e", w);
  }

  /**
   * Whether every RL distance exceeds the MNIST one at the same part, in {@code space}; null without one
   * RL and one SL run with 30 parts.
   */
  public static Boolean rlExceedsSl(List<GradientAnalysisJob.RunResult> results, String space) {
    GradientAnalysisJob.RunResult rl = first(results, "rl");
    GradientAnalysisJob.RunResult sl = first(results, "sl");
    if (rl == null || sl == null) {
      return null;
    }
    double[] a = space.equals(GradientAnalysisJob.RAW) ? rl.raw() : rl.log10();
    double[] b = space.equals(GradientAnalysisJob.RAW) ? sl.raw() : sl.log10();
    boolean all = true;
    for (int s : STAGES) {
      if (s > a.length || s > b.length) {
        return null;
      }
      all &= a[s - 1] > b[s - 1];
    }
    return all;
  }

  private static GradientAnalysisJob.RunResult first(List<GradientAnalysisJob.RunResult> results, String source) {
    return results.stream().filter(r -> r.source().equals(source)).findFirst().orElse(null);
  }

  /** Prints Table 4 and the RL-versus-MNIST comparison. */
  public static void print(PrintStream out, List<GradientAnalysisJob.RunResult> results) {
    out.println("Table 4: Wasserstein distance W(part, all), beginning = part 1, middle = 16, end = 30");
    TablePrinter.print(out, TablePrinter.Format.TABLE, HEADER, rows(results));
    for (String space : List.of(GradientAnalysisJob.RAW, GradientAnalysisJob.LOG10)) {
      Boolean b = rlExceedsSl(results, space);
      if (b != null) {
        out.printf(Locale.ROOT, "every RL distance exceeds its MNIST counterpart (%s): %s%n", space, b ? "yes" : "no");
      }
    }
  }
}
