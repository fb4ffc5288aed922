package io.optim4rl.jobs.train;

/** The one-line progress record a running run writes for the driver: {@code <iteration>/<total>[ done]}. */
final class RunProgress {

  private RunProgress() {}

  static String line(long iteration, long total, boolean finished) {
    return iteration + "/" + total + (finished ? " done" : "");
  }

  static long parseIteration(String line) {
    try {
      return Long.parseLong(line.substring(0, line.indexOf('/')).trim());
    } catch (RuntimeException e) {
      return 0;
    }
  }

  static boolean isFinished(String line) {
    return line.endsWith(" done");
  }
}
