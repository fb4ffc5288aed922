package io.optim4rl.agents.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plain stochastic gradient descent, optax 0.1.7 {@code sgd(lr)} without momentum (REFERENCE 4.1):
 * {@code update = -lr * g}. Stateless.
 */
public final class SgdOptimizer implements Optimizer<SgdOptimizer.State> {

  /** SGD has no state; this empty record keeps the {@code init} / {@code update} contract uniform. */
  public record State() {}

  private static final State EMPTY = new State();

  private final double learningRate;

  private SgdOptimizer(double learningRate) {
    this.learningRate = learningRate;
  }

  /** SGD with learning rate {@code learningRate} (finite, &gt; 0). */
  public static SgdOptimizer of(double learningRate) {
    return new SgdOptimizer(OptimizerChecks.positive("learningRate", learningRate));
  }

  public double learningRate() {
    return learningRate;
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public State init(INDArray agentParams) {
    return EMPTY;
  }

  @Override
  public Step<State> update(INDArray agentGradient, State state, INDArray agentParams) {
    return new Step<>(agentGradient.mul(-learningRate), EMPTY);
  }

  @Override
  public String toString() {
    return "sgd(lr=" + learningRate + ")";
  }
}
