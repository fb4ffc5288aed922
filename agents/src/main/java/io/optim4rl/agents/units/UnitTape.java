package io.optim4rl.agents.units;

import java.util.Arrays;

/**
 * What one unit's forward passes over a rollout leave for its backward pass: per row t (T + 1 rows, the
 * last one the bootstrap observation) the non-zero observation entries, the hidden features, the logits
 * and the value; for C16_D32 also the conv positions whose window holds a non-zero input and
 * {@code relu(conv)} there.
 *
 * <p>Variable-length lists are compressed rows ({@code start[t] .. start[t + 1])}); their arrays grow
 * (rarely: only when an observation has more non-zeros than any before) and are reused otherwise. Rows
 * must be recorded in order 0, 1, ..., T. Owned by one unit; touched by one thread at a time.
 */
final class UnitTape {

  final int rows;
  final int hidden;
  final int numActions;

  /** Non-zero observation entries of row t: {@code hotIndex/hotValue[hotStart[t] .. hotStart[t + 1])}. */
  final int[] hotStart;
  int[] hotIndex;
  float[] hotValue;

  /** Post-ReLU hidden features {@code [rows * hidden]}. */
  final float[] features;
  /** Logits {@code [rows * numActions]} (accumulated in double from the float features and heads). */
  final double[] logits;
  /** Values {@code [rows]} (as the logits). */
  final double[] values;
  /** Per call: the actor kernel transposed, {@code [A * H]}. */
  final float[] actorKernelT;

  /** C16_D32 only (else null): touched conv positions of row t, {@code touched[touchedStart[t] ..]}. */
  final int[] touchedStart;
  int[] touched;
  /** C16_D32: {@code relu(conv)} at the touched positions, {@code [slot * F + f]} with the slots above. */
  float[] convOut;
  /** C16_D32, per call: {@code relu(conv bias)} {@code [F]}. */
  final float[] reluBias;
  /** C16_D32, per call: {@code sum_pos K3[pos F + f, :]} {@code [F * 32]}. */
  final float[] kernelColumnSums;
  /** C16_D32: the same column sums accumulated in double (per-call work array). */
  final double[] kernelColumnSumsDouble;
  /** C16_D32, per call: {@code sum_f reluBias[f] kernelColumnSums[f, :]} {@code [32]}, the dense input of an empty map. */
  final float[] emptyMapInput;
  private final int convFeatures;

  UnitTape(int rows, int hidden, int numActions, int convFeatures, int hiddenOfConv) {
    this.rows = rows;
    this.hidden = hidden;
    this.numActions = numActions;
    this.convFeatures = convFeatures;
    this.hotStart = new int[rows + 1];
    this.hotIndex = new int[8 * rows];
    this.hotValue = new float[8 * rows];
    this.features = new float[rows * hidden];
    this.logits = new double[rows * numActions];
    this.values = new double[rows];
    this.actorKernelT = new float[numActions * hidden];
    boolean conv = convFeatures > 0;
    this.touchedStart = conv ? new int[rows + 1] : null;
    this.touched = conv ? new int[16 * rows] : null;
    this.convOut = conv ? new float[16 * rows * convFeatures] : null;
    this.reluBias = conv ? new float[convFeatures] : null;
    this.kernelColumnSums = conv ? new float[convFeatures * hiddenOfConv] : null;
    this.kernelColumnSumsDouble = conv ? new double[convFeatures * hiddenOfConv] : null;
    this.emptyMapInput = conv ? new float[hiddenOfConv] : null;
  }

  /** Makes room for {@code n} hot entries in total. */
  void ensureHot(int n) {
    if (n > hotIndex.length) {
      int cap = Math.max(n, 2 * hotIndex.length);
      hotIndex = Arrays.copyOf(hotIndex, cap);
      hotValue = Arrays.copyOf(hotValue, cap);
    }
  }

  /** Makes room for {@code n} touched conv positions in total. */
  void ensureTouched(int n) {
    if (n > touched.length) {
      int cap = Math.max(n, 2 * touched.length);
      touched = Arrays.copyOf(touched, cap);
      convOut = Arrays.copyOf(convOut, cap * convFeatures);
    }
  }
}
