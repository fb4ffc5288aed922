package io.optim4rl.agents.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An agent optimizer as an {@code init} / {@code update} pair with all state explicit (optax style).
 *
 * <p>{@code update} does not mutate its arguments: it returns the amount to ADD to the parameters
 * ({@code agentParams <- agentParams + step.update()}, sign and learning rate included) and the new state.
 * Classical optimizers (SGD, RMSProp, Adam) and learned optimizers (Optim4RL, ...) implement it alike.
 *
 * @param <S> the optimizer's state type
 */
public interface Optimizer<S> {

  /** A short name for logs and tables, for example {@code adam}. */
  String name();

  /** The state for a fresh agent with parameters {@code agentParams} (flat vector). */
  S init(INDArray agentParams);

  /**
   * One optimizer step.
   *
   * @param agentGradient flat gradient of the agent loss (not modified)
   * @param state the current state (not modified)
   * @param agentParams the current flat parameters (not modified; some optimizers read them)
   * @return the update to add to the parameters and the next state
   */
  Step<S> update(INDArray agentGradient, S state, INDArray agentParams);

  /** The result of one {@link #update}. */
  record Step<S>(INDArray update, S state) {}
}
