package io.optim4rl.lopt;

/**
 * The hot path of Optim4RL meta-training (REFERENCE 4.2, 5.1, 5.2) over a range of agent-parameter
 * coordinates, in float: the forward of one inner step and the BPTT meta-gradient over the M inner steps.
 * Implementations: {@link Optim4RlVectorKernel} (fused Java Vector API), {@link Optim4RlScalarKernel}
 * (plain float loops, the same arithmetic); a GPU implementation can fill the same contract.
 *
 * <p>Data layout (structure of arrays): a buffer of n = {@code stride} coordinates holds hidden unit j
 * (0..7 = h1 of GRU_1, 8..15 = h2 of GRU_2) of coordinate c at {@code j * stride + c}; gradients, updates
 * and adjoints are plain arrays indexed by c. Kernels only touch indices of coordinates in [from, to).
 *
 * <p>Implementations are stateless and thread-safe: different threads may work on disjoint ranges of the
 * same buffers at once. Determinism is the caller's: {@link Optim4RlExecutor} splits ranges into fixed
 * blocks and sums block meta-gradients in block order.
 */
public interface Optim4RlKernel {

  /** Hidden-state floats per coordinate (h1 and h2). */
  int STATE = 2 * LearnedOptimizerKind.HIDDEN;

  /** A short name for benchmark tables. */
  String name();

  /**
   * One inner step for the coordinates [from, to): g = clamp(gradient[c], -clip, clip) (no clip when
   * clip &lt;= 0), written to {@code clippedOut[c]} unless it is null (it may be {@code gradient} itself);
   * the new hidden state (h1', h2') to {@code hiddenOut}; {@code update[c] = lr * out} with
   * out = -sign(g) exp(o1) / sqrt(exp(o2) + 1e-8) (exactly 0 where g == 0).
   *
   * @param hiddenIn state before the step (16 * stride floats; not modified)
   * @param hiddenOut state after the step (16 * stride floats; must not alias hiddenIn)
   */
  void forward(Optim4RlWeights w, float[] gradient, float clip, float[] clippedOut, float[] hiddenIn,
      float[] hiddenOut, float[] update, float lr, int stride, int from, int to);

  /**
   * Adds to {@code metaGradient} the exact meta-gradient of the coordinates [from, to) (REFERENCE 5.2):
   * dL/dphi for L = sum_k sum_c adjoint[c] * lr * out_k[c] over the steps k = 0..M-1 recorded in
   * {@code gradients[k]} (the clipped g_k) and {@code hiddenBefore[k]} (the state before step k), by BPTT
   * from k = M-1 down to 0 with the hidden-state adjoint carried between steps. Intermediates of step k
   * are recomputed from the recorded state. Per coordinate-lane float accumulation over the whole range,
   * reduced to double at the end: callers keep ranges short ({@link Optim4RlExecutor#BLOCK}).
   */
  void backward(Optim4RlWeights w, float[][] gradients, float[][] hiddenBefore, float[] adjoint, float lr,
      int stride, int from, int to, double[] metaGradient);
}
