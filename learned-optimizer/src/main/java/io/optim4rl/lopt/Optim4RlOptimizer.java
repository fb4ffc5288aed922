package io.optim4rl.lopt;

import java.util.Objects;

/**
 * Optim4RL with frozen meta-parameters as an agent optimizer (REFERENCE 4.2, 4.6 evaluation mode):
 * per coordinate, update = -lr sign(g) exp(o1) / sqrt(exp(o2) + 1e-8), exactly 0 where g == 0 (the
 * hidden state still moves). The step runs on the fused {@link Optim4RlVectorKernel} (float; out is
 * computed in float and multiplied by lr in double). State: {@link LearnedOptimizerState}, 16 units.
 */
public final class Optim4RlOptimizer extends CoordinateLearnedOptimizer {

  private final Optim4RlWeights weights;
  private final Optim4RlKernel kernel;

  private Optim4RlOptimizer(MetaParams metaParams, double learningRate, Optim4RlKernel kernel) {
    super(metaParams, learningRate, LearnedOptimizerKind.OPTIM4RL);
    this.weights = Optim4RlWeights.of(metaParams);
    this.kernel = Objects.requireNonNull(kernel, "kernel");
  }

  /** Optim4RL on the fused vector kernel. */
  public static Optim4RlOptimizer of(MetaParams metaParams, double learningRate) {
    return new Optim4RlOptimizer(metaParams, learningRate, Optim4RlVectorKernel.instance());
  }

  /** Optim4RL on a given kernel (for example {@link Optim4RlScalarKernel}). */
  public static Optim4RlOptimizer of(MetaParams metaParams, double learningRate, Optim4RlKernel kernel) {
    return new Optim4RlOptimizer(metaParams, learningRate, kernel);
  }

  @Override
  void step(float[] gradient, float[] hiddenIn, float[] hiddenOut, double[] update) {
    int n = gradient.length;
    float[] out = new float[n];
    kernel.step(weights, gradient, hiddenIn, hiddenOut, out, 1f, 0, n);
    double lr = learningRate();
    for (int c = 0; c < n; c++) {
      update[c] = lr * out[c];
    }
  }
}
