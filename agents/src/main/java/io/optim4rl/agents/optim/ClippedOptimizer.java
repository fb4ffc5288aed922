package io.optim4rl.agents.optim;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer whose gradient is preprocessed by a {@link GradientClipping} first: optax
 * {@code chain(clip..., opt)} (REFERENCE 4.1). The state is the inner optimizer's state unchanged.
 *
 * @param <S> the inner optimizer's state type
 */
public final class ClippedOptimizer<S> implements Optimizer<S> {

  private final Optimizer<S> inner;
  private final GradientClipping clipping;

  private ClippedOptimizer(Optimizer<S> inner, GradientClipping clipping) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.clipping = Objects.requireNonNull(clipping, "clipping");
  }

  /** {@code inner} preceded by {@code clipping}; returns {@code inner} itself when clipping is the identity. */
  public static <S> Optimizer<S> wrap(Optimizer<S> inner, GradientClipping clipping) {
    return clipping.isIdentity() ? Objects.requireNonNull(inner, "inner") : new ClippedOptimizer<>(inner, clipping);
  }

  public Optimizer<S> inner() {
    return inner;
  }

  public GradientClipping clipping() {
    return clipping;
  }

  /** The inner optimizer's name (clipping is reported by {@link #toString()}). */
  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public S init(INDArray agentParams) {
    return inner.init(agentParams);
  }

  @Override
  public Step<S> update(INDArray agentGradient, S state, INDArray agentParams) {
    return inner.update(clipping.apply(agentGradient), state, agentParams);
  }

  @Override
  public String toString() {
    return inner + " after " + clipping;
  }
}
