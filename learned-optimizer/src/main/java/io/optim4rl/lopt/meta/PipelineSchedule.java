package io.optim4rl.lopt.meta;

/**
 * The pipeline reset schedule of REFERENCE 5.3: with reset interval m and n units, unit u has offset
 * r_u = floor(linspace(0, m - 1, n)[u]) and is reset at the start of outer iteration t (1-based) iff
 * (t - 1) mod m == r_u. All units start fresh at t = 1. An interval of -1 means no pipeline training
 * (MetapA2C, REFERENCE 5.4): units are initialised once and never reset.
 *
 * <p>The offsets use the exact integer form floor(u (m - 1) / (n - 1)), which equals the reference's
 * truncated float32 linspace for the sizes used (checked against the golden vectors).
 */
public final class PipelineSchedule {

  /** The interval value that switches pipeline training off. */
  public static final int NO_PIPELINE = -1;

  private final int interval;
  private final int[] offsets;

  public PipelineSchedule(int interval, int units) {
    if (units < 1 || (interval < 1 && interval != NO_PIPELINE)) {
      throw new IllegalArgumentException("need units >= 1 and resetInterval >= 1 or -1, got " + units + ", " + interval);
    }
    this.interval = interval;
    this.offsets = new int[units];
    if (interval != NO_PIPELINE) {
      for (int u = 0; u < units; u++) {
        offsets[u] = units == 1 ? 0 : (int) ((long) u * (interval - 1) / (units - 1));
      }
    }
  }

  /** r_u for every unit (all 0 without pipeline training). */
  public int[] offsets() {
    return offsets.clone();
  }

  public boolean pipelined() {
    return interval != NO_PIPELINE;
  }

  /** Whether unit u is (re)initialised at the start of iteration t (1-based). */
  public boolean resetsAt(int t, int u) {
    if (t == 1) {
      return true;
    }
    return pipelined() && (t - 1) % interval == offsets[u];
  }
}
