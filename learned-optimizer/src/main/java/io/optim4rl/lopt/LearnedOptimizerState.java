package io.optim4rl.lopt;

import java.util.Objects;

/**
 * The state of a coordinate-wise learned optimizer used as an agent optimizer (REFERENCE 4.2, 4.6):
 * the hidden state of every agent-parameter coordinate and the number of updates made. Immutable: the
 * hidden array is never written after the state is created, {@link #hidden()} returns a copy.
 *
 * <p>Layout: {@link HiddenLayout} (unit j of coordinate c at {@code j * n + c}) with 16 units per
 * coordinate for Optim4RL (h1 then h2) and 8 for LinearOptim and L2LGD2.
 */
public final class LearnedOptimizerState {

  private final float[] hidden;
  private final int numCoords;
  private final long iteration;

  LearnedOptimizerState(float[] hidden, int numCoords, long iteration) {
    this.hidden = Objects.requireNonNull(hidden, "hidden");
    this.numCoords = numCoords;
    this.iteration = iteration;
  }

  /** The zero state for {@code numCoords} coordinates with {@code stateSize} units each. */
  static LearnedOptimizerState zeros(int numCoords, int stateSize) {
    return new LearnedOptimizerState(new float[HiddenLayout.size(numCoords, stateSize)], numCoords, 0);
  }

  /** A copy of the hidden state ({@link HiddenLayout}, see the class comment). */
  public float[] hidden() {
    return hidden.clone();
  }

  /** The hidden state without copying; callers must not write to it. */
  float[] hiddenShared() {
    return hidden;
  }

  public int numCoords() {
    return numCoords;
  }

  /** Number of updates made since {@code init} (the reference's iteration counter, unused by the step). */
  public long iteration() {
    return iteration;
  }

  @Override
  public String toString() {
    return "LearnedOptimizerState(" + numCoords + " coordinates, iteration " + iteration + ")";
  }
}
