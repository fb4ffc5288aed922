package io.optim4rl.lopt;

/**
 * The memory layout of the learned optimizers' per-coordinate hidden states (kernels, tapes and
 * {@link LearnedOptimizerState}): structure of arrays over the n coordinates of a buffer, unit j of
 * coordinate c at
 *
 * <pre>
 *   index(c, j, n) = j * n + c
 * </pre>
 *
 * so that a vector pass over consecutive coordinates reads and writes whole vectors of one unit.
 * (A tiled variant, 32 coordinates per tile with their units together, was measured no faster at 10^6
 * coordinates and would force unit ranges to be tile-aligned for full speed, so it was dropped.)
 */
public final class HiddenLayout {

  private HiddenLayout() {}

  /** The buffer length for {@code numCoords} coordinates of {@code units} floats each. */
  public static int size(int numCoords, int units) {
    long len = (long) numCoords * units;
    if (len > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(numCoords + " coordinates x " + units + " units need " + len
          + " floats, more than a Java array holds; split them");
    }
    return (int) len;
  }

  /** The index of unit j of coordinate c in a buffer of {@code numCoords} coordinates. */
  public static int index(int c, int j, int numCoords) {
    return j * numCoords + c;
  }

  /** A buffer of {@code state.length} coordinates from per-coordinate states {@code state[c][j]}. */
  public static float[] fromCoordinateMajor(double[][] state, int units) {
    int n = state.length;
    float[] out = new float[size(n, units)];
    for (int c = 0; c < n; c++) {
      for (int j = 0; j < units; j++) {
        out[index(c, j, n)] = (float) state[c][j];
      }
    }
    return out;
  }

  /** Per-coordinate states {@code [c][j]} of a buffer of {@code numCoords} coordinates. */
  public static double[][] toCoordinateMajor(float[] buffer, int numCoords, int units) {
    double[][] out = new double[numCoords][units];
    for (int c = 0; c < numCoords; c++) {
      for (int j = 0; j < units; j++) {
        out[c][j] = buffer[index(c, j, numCoords)];
      }
    }
    return out;
  }
}
