package io.optim4rl.lopt;

/**
 * L2LGD2 with frozen meta-parameters as an agent optimizer (REFERENCE 4.4, 4.6 evaluation mode):
 * update = -lr exp(o) g on the preprocessed input (ln(|g| + 1e-8) / 10, sign g) or (-1, e^10 g), so
 * exactly 0 where g == 0. Computed per coordinate in double by the reference route
 * ({@link LinearOptimReference}); the hidden state (8 units) is stored in float.
 */
public final class L2lGd2Optimizer extends CoordinateLearnedOptimizer {

  private final ReferenceLearnedOptimizer reference;

  private L2lGd2Optimizer(MetaParams metaParams, double learningRate) {
    super(metaParams, learningRate, LearnedOptimizerKind.L2L_GD2);
    this.reference = ReferenceLearnedOptimizer.of(metaParams);
  }

  public static L2lGd2Optimizer of(MetaParams metaParams, double learningRate) {
    return new L2lGd2Optimizer(metaParams, learningRate);
  }

  @Override
  void step(float[] gradient, float[] hiddenIn, float[] hiddenOut, double[] update) {
    ReferenceUnroll.forwardStep(reference, metaParams().valuesShared(), gradient, hiddenIn, hiddenOut,
        learningRate(), update);
  }
}
