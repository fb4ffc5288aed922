package io.optim4rl.agents.units;

/**
 * Working memory of one chunk of units (one thread at a time): nothing in it survives from one unit to
 * the next, so results never depend on how units are grouped into chunks.
 */
final class UnitScratch {

  /** Softmax numerators for sampling {@code [A]}. */
  final double[] expLogits;
  /** Lambda-returns of one unit {@code [T]}. */
  final double[] returns;
  /** dL/dlogits of one unit {@code [T * A]}. */
  final float[] dLogits;
  /** dL/dv of one unit {@code [T]}. */
  final float[] dValues;
  /** dL/dh {@code [H]}. */
  final float[] dFeatures;
  /** Gradient at the pre-activations of the hidden layer, per row {@code [T * H]}. */
  final float[] dHidden;
  /** Actor kernel gradient, transposed {@code [A * H]}. */
  final float[] gradActorT;
  /** Column sums of {@link #dHidden} over the rows {@code [H]}. */
  final float[] dHiddenSum;
  /** C16_D32: gradient at the conv pre-activations of the touched slots of one row {@code [positions * F]}. */
  final float[] dConv;
  /** C16_D32: position -> slot of the current row (valid where {@link #stamp} equals {@link #currentStamp}). */
  final int[] slot;
  final int[] stamp;
  int currentStamp;

  UnitScratch(int steps, int numActions, int hidden, int positions, int convFeatures) {
    this.expLogits = new double[numActions];
    this.returns = new double[steps];
    this.dLogits = new float[steps * numActions];
    this.dValues = new float[steps];
    this.dFeatures = new float[hidden];
    this.dHidden = new float[steps * hidden];
    this.dHiddenSum = new float[hidden];
    this.gradActorT = new float[numActions * hidden];
    this.dConv = new float[positions * convFeatures];
    this.slot = new int[positions];
    this.stamp = new int[positions];
  }

  /** A fresh stamp: forgets every position -> slot mapping. */
  int nextStamp() {
    if (++currentStamp == Integer.MAX_VALUE) {
      java.util.Arrays.fill(stamp, 0);
      currentStamp = 1;
    }
    return currentStamp;
  }
}
