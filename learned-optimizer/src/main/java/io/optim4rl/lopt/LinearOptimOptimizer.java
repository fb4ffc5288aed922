package io.optim4rl.lopt;

/**
 * LinearOptim with frozen meta-parameters as an agent optimizer (REFERENCE 4.3, 4.6 evaluation mode):
 * update = -lr (exp(o1) g + exp(o2) o3), which moves a coordinate even where g == 0. Computed per
 * coordinate in double by the reference route ({@link LinearOptimReference}); the hidden state (8 units)
 * is stored in float. State: {@link LearnedOptimizerState}.
 */
public final class LinearOptimOptimizer extends CoordinateLearnedOptimizer {

  private final ReferenceLearnedOptimizer reference;

  private LinearOptimOptimizer(MetaParams metaParams, double learningRate) {
    super(metaParams, learningRate, LearnedOptimizerKind.LINEAR_OPTIM);
    this.reference = ReferenceLearnedOptimizer.of(metaParams);
  }

  public static LinearOptimOptimizer of(MetaParams metaParams, double learningRate) {
    return new LinearOptimOptimizer(metaParams, learningRate);
  }

  @Override
  void step(float[] gradient, float[] hiddenIn, float[] hiddenOut, double[] update) {
    ReferenceUnroll.forwardStep(reference, metaParams().valuesShared(), gradient, hiddenIn, hiddenOut,
        learningRate(), update);
  }
}
