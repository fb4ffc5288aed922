package io.optim4rl.lopt;

/**
 * The state of {@link StarOptimizer} (REFERENCE 4.5): momentum, RMS and Adafactor accumulators of every
 * agent tensor in double precision, and the iteration count (the time features' t). Immutable: built once
 * per update, never written afterwards.
 */
public final class StarState {

  private final StarBuffers buffers;

  StarState(StarBuffers buffers) {
    this.buffers = buffers;
  }

  /** The accumulators (callers must not write to them). */
  StarBuffers buffers() {
    return buffers;
  }

  /** Number of updates made since {@code init}. */
  public long iteration() {
    return buffers.iteration[0];
  }

  /** Number of agent parameters. */
  public int numCoords() {
    return buffers.paramsPerUnit;
  }

  /** Momentum of decay i (0..2) of coordinate c. */
  public double momentum(int i, int c) {
    return buffers.mom[i * buffers.paramsPerUnit + c];
  }

  /** RMS accumulator of coordinate c. */
  public double rms(int c) {
    return buffers.rms[c];
  }

  @Override
  public String toString() {
    return "StarState(" + buffers.paramsPerUnit + " coordinates, iteration " + iteration() + ")";
  }
}
