package io.optim4rl.jobs.runs;

/** The one-line progress record a running run writes for the driver: {@code <iteration>/<total>[ done]}. */
public final class RunProgress {

  private RunProgress() {}

  public static String line(long iteration, long total, boolean finished) {
    return iteration + "/" + total + (finished ? " done" : "");
  }

  public static long parseIteration(String line) {
    try {
      return Long.parseLong(line.substring(0, line.indexOf('/')).trim());
    } catch (RuntimeException e) {
      return 0;
    }
  }

  public static boolean isFinished(String line) {
    return line.endsWith(" done");
  }
}
