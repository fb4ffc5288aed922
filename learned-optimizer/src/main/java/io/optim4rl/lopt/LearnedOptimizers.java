package io.optim4rl.lopt;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.optim.Optimizers;
import java.util.Objects;

/**
 * Learned optimizers in the agent-optimizer registry (REFERENCE 4.6): {@code optim4rl},
 * {@code linearoptim} and {@code l2lgd2}, each built with frozen meta-parameters given as a
 * {@link MetaParams} value (loading them from the warehouse is the caller's business) and the spec's
 * learning rate. The registry wraps them in the spec's gradient clipping, as for the classical ones.
 */
public final class LearnedOptimizers {

  private LearnedOptimizers() {}

  /**
   * A registry that also knows each given learned optimizer under its kind's registry name
   * ({@link LearnedOptimizerKind#registryName()}); at most one MetaParams per kind.
   */
  public static Optimizers register(Optimizers base, MetaParams... metaParams) {
    Optimizers out = Objects.requireNonNull(base, "base");
    for (MetaParams m : metaParams) {
      out = out.with(m.kind().registryName(), factory(m));
    }
    return out;
  }

  /** The registry factory of {@code metaParams}: the optimizer of its kind with the spec's learning rate. */
  public static Optimizers.Factory factory(MetaParams metaParams) {
    Objects.requireNonNull(metaParams, "metaParams");
    return spec -> create(metaParams, spec.learningRate());
  }

  /** The agent optimizer of {@code metaParams}' kind (without gradient clipping). */
  public static Optimizer<LearnedOptimizerState> create(MetaParams metaParams, double learningRate) {
    switch (metaParams.kind()) {
      case OPTIM4RL:
        return Optim4RlOptimizer.of(metaParams, learningRate);
      case LINEAR_OPTIM:
        return LinearOptimOptimizer.of(metaParams, learningRate);
      default:
        return L2lGd2Optimizer.of(metaParams, learningRate);
    }
  }
}
