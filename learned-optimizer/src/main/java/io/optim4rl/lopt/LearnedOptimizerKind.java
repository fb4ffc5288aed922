package io.optim4rl.lopt;

import java.util.Locale;

/**
 * The learned optimizers of the reference (REFERENCE 4.2-4.5), with the facts that differ between them:
 * the optimizer-registry name, the GRU input dimension, the MLP output size and the per-coordinate
 * hidden-state size. STAR (4.5) is not coordinate-wise ({@link #coordinateWise()} is false): it has no GRU,
 * its "input dimension" is the 39 MLP inputs and its state (accumulators) depends on the agent's tensor
 * shapes ({@link StarOptimizer}, {@link StarEngine}).
 */
public enum LearnedOptimizerKind {

  /** Optim4RL (REFERENCE 4.2): two GRU+MLP branches on g and g^2, hidden state 2 x 8 per coordinate. */
  OPTIM4RL("optim4rl", 1, 1, 16),
  /** LinearOptim (REFERENCE 4.3): one GRU on g, MLP with three outputs, hidden state 8. */
  LINEAR_OPTIM("linearoptim", 1, 3, 8),
  /** L2LGD2 (REFERENCE 4.4): one GRU on the preprocessed pair (l, sign g), MLP output 1, hidden 8. */
  L2L_GD2("l2lgd2", 2, 1, 8),
  /**
   * STAR (REFERENCE 4.5, learned_optimization's adafac_nominal MLP): a 39 -&gt; 4 -&gt; 4 -&gt; 4 MLP on
   * per-tensor normalised momentum, RMS and Adafactor features, with learned accumulator decays. Not
   * coordinate-wise; no per-coordinate hidden state of fixed size (reported as 0).
   */
  STAR("star", 39, 4, 0);

  /** Hidden size of every GRU of these optimizers (REFERENCE 4.2). */
  public static final int HIDDEN = 8;

  private final String registryName;
  private final int inputDim;
  private final int outputSize;
  private final int stateSize;

  LearnedOptimizerKind(String registryName, int inputDim, int outputSize, int stateSize) {
    this.registryName = registryName;
    this.inputDim = inputDim;
    this.outputSize = outputSize;
    this.stateSize = stateSize;
  }

  /** The lower-case name under which {@link LearnedOptimizers#register} registers the optimizer. */
  public String registryName() {
    return registryName;
  }

  /** Input dimension d_in of the GRU(s). */
  public int inputDim() {
    return inputDim;
  }

  /** Output size of the (last layer of the) MLP head(s). */
  public int outputSize() {
    return outputSize;
  }

  /** Number of hidden-state floats per agent-parameter coordinate. */
  public int stateSize() {
    return stateSize;
  }

  /** Whether the optimizer processes every coordinate independently (all but STAR). */
  public boolean coordinateWise() {
    return this != STAR;
  }

  /** The kind whose registry name or enum name is {@code name} (case-insensitive). */
  public static LearnedOptimizerKind parse(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("_", "");
    for (LearnedOptimizerKind k : values()) {
      if (k.registryName.equals(key)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown learned optimizer '" + name + "'; allowed: optim4rl, linearoptim, l2lgd2, star");
  }
}
