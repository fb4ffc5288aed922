package io.optim4rl.lopt;

import io.optim4rl.agents.optim.Optimizer;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shared {@link Optimizer} plumbing of the coordinate-wise learned optimizers with frozen
 * meta-parameters (evaluation mode, REFERENCE 4.6): update = lr * out with the configured learning rate
 * applied inside, hidden state zero at {@link #init} and carried through every update, elementwise
 * gradient clipping left to the registry's {@code ClippedOptimizer} (so the gradient seen here is
 * already clipped). Subclasses provide one step over float arrays.
 */
abstract class CoordinateLearnedOptimizer implements Optimizer<LearnedOptimizerState> {

  private final MetaParams metaParams;
  private final double learningRate;

  CoordinateLearnedOptimizer(MetaParams metaParams, double learningRate, LearnedOptimizerKind expected) {
    this.metaParams = Objects.requireNonNull(metaParams, "metaParams");
    if (metaParams.kind() != expected) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " needs " + expected.registryName()
          + " meta-parameters, got " + metaParams);
    }
    if (!(Double.isFinite(learningRate) && learningRate > 0)) {
      throw new IllegalArgumentException(expected.registryName() + ": learningRate must be finite and > 0, got "
          + learningRate);
    }
    this.learningRate = learningRate;
  }

  public MetaParams metaParams() {
    return metaParams;
  }

  public double learningRate() {
    return learningRate;
  }

  @Override
  public String name() {
    return metaParams.kind().registryName();
  }

  @Override
  public LearnedOptimizerState init(INDArray agentParams) {
    return LearnedOptimizerState.zeros(Math.toIntExact(agentParams.length()), metaParams.kind().stateSize());
  }

  @Override
  public Step<LearnedOptimizerState> update(INDArray agentGradient, LearnedOptimizerState state,
      INDArray agentParams) {
    int n = Math.toIntExact(agentGradient.length());
    if (n != state.numCoords()) {
      throw new IllegalArgumentException(name() + ": gradient has " + n + " entries but the state was made for "
          + state.numCoords() + " parameters");
    }
    float[] g = agentGradient.reshape(n).toFloatVector();
    float[] hiddenOut = new float[state.hiddenShared().length];
    double[] update = new double[n];
    step(g, state.hiddenShared(), hiddenOut, update);
    INDArray u = Nd4j.createFromArray(update).castTo(agentGradient.dataType()).reshape(agentGradient.shape());
    return new Step<>(u, new LearnedOptimizerState(hiddenOut, n, state.iteration() + 1));
  }

  /** One step: writes the new state to hiddenOut and update[c] = -lr * (...) (lr included). */
  abstract void step(float[] gradient, float[] hiddenIn, float[] hiddenOut, double[] update);

  @Override
  public String toString() {
    return name() + "(lr=" + learningRate + ", " + metaParams + ")";
  }
}
