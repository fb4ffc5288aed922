package io.optim4rl.lopt;

/**
 * A coordinate-wise learned optimizer in plain double precision (the reference route of REFERENCE 4.2-4.4
 * and 5.2): one step on one coordinate, out = f_phi(g, state), and its exact backward. "out" excludes the
 * learning rate and includes the minus sign (update = lr * out). Implementations are immutable; the
 * per-step activations live in {@link Step} objects owned by the caller.
 */
interface ReferenceLearnedOptimizer {

  /** Hidden-state size per coordinate. */
  int stateSize();

  /** A reusable holder of one step's activations. */
  Step newStep();

  /** The optimizer for {@code metaParams}' kind, layout and mlpDims. */
  static ReferenceLearnedOptimizer of(MetaParams metaParams) {
    switch (metaParams.kind()) {
      case OPTIM4RL:
        return new Optim4RlReference(metaParams.layout(), metaParams.mlpDims());
      case LINEAR_OPTIM:
        return new LinearOptimReference(metaParams.layout(), metaParams.mlpDims(), false);
      case L2L_GD2:
        return new LinearOptimReference(metaParams.layout(), metaParams.mlpDims(), true);
      default:
        throw new IllegalArgumentException(metaParams.kind().registryName()
            + " is not coordinate-wise: use StarOptimizer / StarEngine");
    }
  }

  /** One step on one coordinate. */
  interface Step {

    /**
     * Forward: writes the new hidden state to {@code stateOut} (may not alias {@code state}) and returns
     * out (update = lr * out). {@code g} is a constant of the meta-differentiation (stop-gradient).
     */
    double forward(double[] phi, double g, double[] state, double[] stateOut);

    /**
     * Backward of the last {@link #forward}: given dL/dout and dL/d(new state) adds dL/dphi to
     * {@code grad} and writes dL/d(old state) to {@code dState}.
     */
    void backward(double[] phi, double dOut, double[] dStateNext, double[] grad, double[] dState);

    /** The network inputs of the last forward (Optim4RL: g, g^2; LinearOptim: g; L2LGD2: the pair). */
    double[] inputs();

    /** The MLP outputs of the last forward (Optim4RL: o1, o2; LinearOptim: o1, o2, o3; L2LGD2: o). */
    double[] outputs();
  }
}
