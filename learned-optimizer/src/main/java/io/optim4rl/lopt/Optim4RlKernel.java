package io.optim4rl.lopt;

/**
 * The hot path of Optim4RL (REFERENCE 4.2, 5.1, 5.2) over a range [from, to) of agent-parameter
 * coordinates, in float: one inner step, recorded or not, and the BPTT meta-gradient over the M
 * recorded inner steps. Implementations: {@link Optim4RlVectorKernel} (fused Java Vector API) and
 * {@link Optim4RlScalarKernel} (plain float loops, the same arithmetic); a GPU implementation can fill
 * the same contract.
 *
 * <p>Layout ({@link HiddenLayout}, structure of arrays): a hidden-state buffer of n coordinates holds
 * unit j (0..7 = h1 of GRU_1, 8..15 = h2 of GRU_2) of coordinate c at {@code j * n + c}; gradients,
 * updates and adjoints are arrays indexed by c. A kernel only touches coordinates in [from, to).
 *
 * <p>Implementations are stateless and thread-safe: threads may work on disjoint ranges of the same
 * buffers at once. Determinism is the caller's: {@link Optim4RlExecutor} splits ranges into fixed blocks
 * and sums block meta-gradients in block order.
 */
public interface Optim4RlKernel {

  /** Hidden-state floats per coordinate (h1 and h2). */
  int STATE = 2 * LearnedOptimizerKind.HIDDEN;

  /** A short name for benchmark tables. */
  String name();

  /**
   * One inner step without recording (evaluation mode, REFERENCE 4.6): from the state
   * {@code hiddenIn} (16 n floats for n = hiddenIn.length / 16 coordinates; not modified) and the
   * gradient g (already clipped), writes the new state
   * (h1', h2') to {@code hiddenOut} (must not alias hiddenIn) and {@code update[c] = lr * out} with
   * out = -sign(g) exp(o1) / sqrt(exp(o2) + 1e-8), exactly 0 where g == 0.
   */
  void step(Optim4RlWeights w, float[] gradient, float[] hiddenIn, float[] hiddenOut, float[] update, float lr,
      int from, int to);

  /**
   * Inner step {@code k} of meta-training, recorded in {@code tape}: g = clamp(gradient[c], -clip, clip)
   * (no clip when clip &lt;= 0) is stored in {@code tape.gradient(k)}; reads {@code tape.hidden(k)},
   * writes {@code tape.hidden(k + 1)} and {@code update[c] = lr * out} as {@link #step}.
   */
  void forward(Optim4RlWeights w, Optim4RlTape tape, int k, float[] gradient, float clip, float[] update,
      float lr, int from, int to);

  /**
   * Adds to {@code metaGradient} (canonical order) the exact meta-gradient of the coordinates
   * [from, to) (REFERENCE 5.2): dL/dphi for L = sum_k sum_c adjoint[c] * lr * out_k[c] over the
   * steps recorded in {@code tape}, by BPTT from k = M-1 down to 0 with the hidden-state adjoint
   * carried between steps; the step intermediates are recomputed from the recorded state. Float
   * accumulation over the range, reduced to double at the end: callers keep ranges short
   * ({@link Optim4RlExecutor#BLOCK}).
   */
  void backward(Optim4RlWeights w, Optim4RlTape tape, float[] adjoint, float lr, int from, int to,
      double[] metaGradient);
}
