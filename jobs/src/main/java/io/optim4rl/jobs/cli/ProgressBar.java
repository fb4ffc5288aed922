package io.optim4rl.jobs.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar with ETA for long work on the driver. On a terminal it redraws one line; otherwise
 * (CI, log files) it prints a plain line at most every {@code quietSeconds}.
 */
public final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String label;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private final double quietSeconds;
  private double lastPrint = -1e9;
  private String lastLine = "";

  public ProgressBar(PrintStream out, String label, boolean terminal, double quietSeconds) {
    this.out = out;
    this.label = label;
    this.terminal = terminal;
    this.quietSeconds = quietSeconds;
  }

  /** A bar on stderr that redraws when a console is attached. */
  public static ProgressBar stderr(String label) {
    return new ProgressBar(System.err, label, System.console() != null, 15);
  }

  /** Shows {@code done} of {@code total} work units with a free-text detail. */
  public synchronized void update(double done, double total, String detail) {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    if (!terminal && elapsed - lastPrint < quietSeconds && done < total) {
      return;
    }
    lastPrint = elapsed;
    String line = render(done, total, elapsed, detail);
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
    } else {
      out.println(line);
    }
    out.flush();
    lastLine = line;
  }

  /** Ends the bar's line. */
  public synchronized void finish() {
    if (terminal && !lastLine.isEmpty()) {
      out.println();
    }
  }

  /** The text of the bar (exposed for tests). */
  public String render(double done, double total, double elapsedSeconds, String detail) {
    double frac = total <= 0 ? 0 : Math.max(0, Math.min(1, done / total));
    int filled = (int) Math.round(frac * WIDTH);
    String eta = frac <= 0 ? "--:--" : formatSeconds(elapsedSeconds * (1 - frac) / frac);
    return String.format(Locale.ROOT, "%s [%s%s] %5.1f%% elapsed %s ETA %s %s", label,
        "=".repeat(filled), " ".repeat(WIDTH - filled), 100 * frac, formatSeconds(elapsedSeconds), eta,
        detail == null ? "" : detail);
  }

  /** h:mm:ss or m:ss. */
  public static String formatSeconds(double s) {
    long t = Math.round(s);
    long h = t / 3600;
    long m = (t % 3600) / 60;
    long sec = t % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }
}
