package io.optim4rl.lopt;

/**
 * LinearOptim or L2LGD2 with frozen meta-parameters as an agent optimizer (REFERENCE 4.3, 4.4, 4.6
 * evaluation mode), computed per coordinate in double by the reference route
 * ({@link LinearOptimReference}); the hidden state (8 units) is stored in float. State:
 * {@link LearnedOptimizerState}.
 * <ul>
 *   <li>LinearOptim: update = -lr (exp(o1) g + exp(o2) o3), which moves a coordinate even where g == 0;
 *   <li>L2LGD2: update = -lr exp(o) g on the preprocessed input (ln(|g| + 1e-8) / 10, sign g) or
 *       (-1, e^10 g), so exactly 0 where g == 0.
 * </ul>
 * (Optim4RL runs on the fused kernel instead: {@link Optim4RlOptimizer}.)
 */
public final class ReferenceRouteOptimizer extends CoordinateLearnedOptimizer {

  private final ReferenceLearnedOptimizer reference;

  private ReferenceRouteOptimizer(MetaParams metaParams, double learningRate) {
    super(metaParams, learningRate, metaParams.kind());
    this.reference = ReferenceLearnedOptimizer.of(metaParams);
  }

  /** The agent optimizer of LinearOptim or L2LGD2 meta-parameters. */
  public static ReferenceRouteOptimizer of(MetaParams metaParams, double learningRate) {
    LearnedOptimizerKind kind = metaParams.kind();
    if (kind != LearnedOptimizerKind.LINEAR_OPTIM && kind != LearnedOptimizerKind.L2L_GD2) {
      throw new IllegalArgumentException("the reference route serves LinearOptim and L2LGD2, not " + kind);
    }
    return new ReferenceRouteOptimizer(metaParams, learningRate);
  }

  @Override
  void step(float[] gradient, float[] hiddenIn, float[] hiddenOut, double[] update) {
    ReferenceUnroll.forwardStep(reference, metaParams().valuesShared(), gradient, hiddenIn, hiddenOut,
        learningRate(), update);
  }
}
