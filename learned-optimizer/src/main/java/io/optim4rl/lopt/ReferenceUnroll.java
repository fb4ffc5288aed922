package io.optim4rl.lopt;

/**
 * The double-precision reference of a learned optimizer's inner unroll and its exact meta-gradient
 * (REFERENCE 5.2): M steps on n coordinates from a given hidden state, update_k[c] = lr * out_k[c], and
 *
 * <pre>
 *   L = sum_k sum_c a_c update_k[c],      dL/dphi by BPTT over the M steps,
 * </pre>
 *
 * the same adjoint a (g_val of REFERENCE 5.2) for every step, the hidden-state adjoint propagated from
 * step M-1 back to 0, the gradients g_k constants. Plain scalar loops, one coordinate at a time; this is
 * the route the fast kernels ({@link Optim4RlKernel}) are tested against.
 */
public final class ReferenceUnroll {

  /**
   * The unroll and its meta-gradient.
   *
   * @param states states[k][c] = hidden state of coordinate c after step k
   * @param inputs inputs[k][c] = network inputs at step k (see {@code ReferenceLearnedOptimizer.Step})
   * @param outputs outputs[k][c] = MLP outputs at step k (Optim4RL: o1, o2)
   * @param updates updates[k][c] = lr * out, the amount added to the agent parameter
   * @param metaLoss L = sum_k sum_c a_c updates[k][c]
   * @param metaGradient dL/dphi in the meta-parameters' canonical order
   */
  public record Result(double[][][] states, double[][][] inputs, double[][][] outputs, double[][] updates,
      double metaLoss, double[] metaGradient) {}

  private ReferenceUnroll() {}

  /**
   * Runs M = gradients.length steps.
   *
   * @param metaParams the learned optimizer phi
   * @param initialState [c][stateSize], or null for zeros
   * @param gradients [k][c] (already clipped)
   * @param adjoint a_c, the dL/dupdate of every step
   * @param lr the learning rate multiplying out (REFERENCE 4.6)
   */
  public static Result run(MetaParams metaParams, double[][] initialState, double[][] gradients,
      double[] adjoint, double lr) {
    ReferenceLearnedOptimizer opt = ReferenceLearnedOptimizer.of(metaParams);
    double[] phi = metaParams.valuesShared();
    int steps = gradients.length;
    int n = adjoint.length;
    int d = opt.stateSize();
    double[][][] states = new double[steps][n][];
    double[][][] inputs = new double[steps][n][];
    double[][][] outputs = new double[steps][n][];
    double[][] updates = new double[steps][n];
    double[] grad = new double[phi.length];
    double loss = 0;
    ReferenceLearnedOptimizer.Step[] tape = new ReferenceLearnedOptimizer.Step[steps];
    for (int k = 0; k < steps; k++) {
      tape[k] = opt.newStep();
    }
    for (int c = 0; c < n; c++) {
      double[] state = initialState == null ? new double[d] : initialState[c].clone();
      for (int k = 0; k < steps; k++) {
        double[] next = new double[d];
        updates[k][c] = lr * tape[k].forward(phi, gradients[k][c], state, next);
        loss += adjoint[c] * updates[k][c];
        states[k][c] = next;
        inputs[k][c] = tape[k].inputs();
        outputs[k][c] = tape[k].outputs();
        state = next;
      }
      double[] dState = new double[d];
      for (int k = steps - 1; k >= 0; k--) {
        double[] dPrev = new double[d];
        tape[k].backward(phi, lr * adjoint[c], dState, grad, dPrev);
        dState = dPrev;
      }
    }
    return new Result(states, inputs, outputs, updates, loss, grad);
  }

  /** The meta-loss L only (for finite differences). */
  static double metaLoss(MetaParams metaParams, double[][] initialState, double[][] gradients,
      double[] adjoint, double lr) {
    return run(metaParams, initialState, gradients, adjoint, lr).metaLoss();
  }

  /**
   * One forward step on coordinates [0, n) of float hidden-state buffers in the {@link HiddenLayout}:
   * computes in double, stores the new state as float and writes update[c] = lr * out. Used by the
   * evaluation-mode optimizers without a fast kernel.
   */
  static void forwardStep(ReferenceLearnedOptimizer opt, double[] phi, float[] gradient, float[] hiddenIn,
      float[] hiddenOut, double lr, double[] update) {
    int n = gradient.length;
    int d = opt.stateSize();
    ReferenceLearnedOptimizer.Step step = opt.newStep();
    double[] state = new double[d];
    double[] next = new double[d];
    for (int c = 0; c < n; c++) {
      for (int j = 0; j < d; j++) {
        state[j] = hiddenIn[HiddenLayout.index(c, j, n)];
      }
      update[c] = lr * step.forward(phi, gradient[c], state, next);
      for (int j = 0; j < d; j++) {
        hiddenOut[HiddenLayout.index(c, j, n)] = (float) next[j];
      }
    }
  }
}
