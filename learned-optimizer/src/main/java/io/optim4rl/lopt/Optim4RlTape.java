package io.optim4rl.lopt;

/**
 * What the Optim4RL BPTT needs from the M inner steps of one outer iteration (REFERENCE 5.1, 5.2,
 * Appendix B), for n coordinates: the hidden state before every step and after the last
 * ({@code hidden(k)}, k = 0..M, 16 units per coordinate in the {@link HiddenLayout}, unit j of
 * coordinate c at {@code j * n + c}) and the
 * clipped gradient of every step ({@code gradient(k)}, n floats). That is
 * 17 M + 16 floats per coordinate (336 bytes for M = 4); the step intermediates are recomputed by the
 * backward (storing them would stream about 1 KB more per coordinate through memory).
 *
 * <p>A mutable buffer owned by one trainer: the kernels write {@code hidden(k + 1)} and
 * {@code gradient(k)} at step k; {@link #carryOver()} makes the final state the next iteration's start
 * without copying.
 */
public final class Optim4RlTape {

  private final int numCoords;
  private final int steps;
  private final float[][] hidden;
  private final float[][] gradients;

  private Optim4RlTape(int numCoords, int steps) {
    if (numCoords < 0 || steps < 1) {
      throw new IllegalArgumentException("need numCoords >= 0 and steps >= 1, got " + numCoords + ", " + steps);
    }
    this.numCoords = numCoords;
    this.steps = steps;
    this.hidden = new float[steps + 1][HiddenLayout.size(numCoords, Optim4RlKernel.STATE)];
    this.gradients = new float[steps][numCoords];
  }

  /** A zeroed tape (all hidden states 0) for {@code numCoords} coordinates and M = {@code steps}. */
  public static Optim4RlTape create(int numCoords, int steps) {
    return new Optim4RlTape(numCoords, steps);
  }

  public int numCoords() {
    return numCoords;
  }

  /** M, the number of inner steps. */
  public int steps() {
    return steps;
  }

  /** The hidden state before step k (k = M: after the last step), {@link HiddenLayout}; the live buffer. */
  public float[] hidden(int k) {
    return hidden[k];
  }

  /** The clipped gradient of step k; the live buffer. */
  public float[] gradient(int k) {
    return gradients[k];
  }

  /** Makes the state after step M-1 the state before step 0 of the next iteration (swaps buffers). */
  public void carryOver() {
    float[] t = hidden[0];
    hidden[0] = hidden[steps];
    hidden[steps] = t;
  }

  /** Zeroes the state before step 0 for the coordinates [from, to) (a unit reset, REFERENCE 5.3). */
  public void resetHidden(int from, int to) {
    for (int j = 0; j < Optim4RlKernel.STATE; j++) {
      java.util.Arrays.fill(hidden[0], HiddenLayout.index(from, j, numCoords), HiddenLayout.index(to, j, numCoords), 0f);
    }
  }
}
