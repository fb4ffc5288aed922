package io.optim4rl.lopt;


/**
 * A learned optimizer applied to all coordinates of all training units of one task during meta-training
 * (REFERENCE 5.1-5.2): it keeps the per-coordinate hidden state, records what the BPTT needs during the M
 * inner steps, and returns the exact first-order meta-gradient per unit. One engine per task, with that
 * task's agent learning rate and gradient clip.
 *
 * <p>Engines are created with the agent's {@code ParamLayout} (one unit's tensors, {@link Engines}); the
 * coordinate-wise kinds do not use it, STAR needs it for its per-tensor features.
 *
 * <p>Units own contiguous coordinate ranges: unit u has [u P, (u + 1) P). Meta-gradients are computed per
 * unit so that callers can sum them in unit order, which makes the result independent of threads and
 * of how units are sharded.
 */
public interface LearnedOptimizerEngine {

  /** Number of coordinates (units x agent parameters). */
  int numCoords();

  /** Uses new meta-parameters from now on (after a meta-optimizer step). */
  void setMetaParams(MetaParams metaParams);

  /** Zeroes the hidden state of the coordinates [from, to) (a unit reset, REFERENCE 5.3). */
  void resetHidden(int from, int to);

  /**
   * Inner step {@code step} (0..M-1) for every coordinate: clips the gradient, advances the hidden state and
   * writes {@code update[c] = lr * out} (the amount to add to the agent parameters).
   */
  void forward(int step, float[] agentGradient, float[] update);

  /**
   * As {@link #forward(int, float[], float[])} for optimizers that also read the current agent parameters
   * {@code agentParams} (STAR, REFERENCE 4.5; they are a constant of the meta-differentiation). The
   * coordinate-wise engines ignore them.
   */
  default void forward(int step, float[] agentGradient, float[] agentParams, float[] update) {
    forward(step, agentGradient, update);
  }

  /**
   * The meta-gradient dL/dphi of L = sum_k sum_c adjoint[c] * update_k[c] over the M recorded steps, for
   * each unit: {@code result[u]} covers coordinates [u * paramsPerUnit, (u + 1) * paramsPerUnit).
   */
  double[][] metaGradients(float[] adjoint, int numUnits, int paramsPerUnit);

  /** Ends the outer iteration: the state after the last step becomes the next iteration's start. */
  void endIteration();
}
