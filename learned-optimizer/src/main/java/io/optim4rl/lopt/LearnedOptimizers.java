package io.optim4rl.lopt;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.optim.Optimizers;
import io.optim4rl.agents.params.ParamLayout;
import java.util.Objects;

/**
 * Learned optimizers in the agent-optimizer registry (REFERENCE 4.6): {@code optim4rl},
 * {@code linearoptim}, {@code l2lgd2} and {@code star} (which also needs the agent's parameter layout), each built with frozen meta-parameters given as a
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
    return register(base, null, metaParams);
  }

  /**
   * As {@link #register(Optimizers, MetaParams...)} for agents laid out as {@code agentLayout} (needed by STAR,
   * ignored by the coordinate-wise kinds; may be null when no STAR meta-parameters are given).
   */
  public static Optimizers register(Optimizers base, ParamLayout agentLayout, MetaParams... metaParams) {
    Optimizers out = Objects.requireNonNull(base, "base");
    for (MetaParams m : metaParams) {
      out = out.with(m.kind().registryName(), factory(m, agentLayout));
    }
    return out;
  }

  /** The registry factory of {@code metaParams}: the optimizer of its kind with the spec's learning rate. */
  public static Optimizers.Factory factory(MetaParams metaParams) {
    return factory(metaParams, null);
  }

  /** As {@link #factory(MetaParams)} for agents laid out as {@code agentLayout} (required for STAR). */
  public static Optimizers.Factory factory(MetaParams metaParams, ParamLayout agentLayout) {
    Objects.requireNonNull(metaParams, "metaParams");
    if (metaParams.kind() == LearnedOptimizerKind.STAR) {
      Objects.requireNonNull(agentLayout, "star needs the agent's parameter layout");
      return spec -> StarOptimizer.of(metaParams, spec.learningRate(), agentLayout);
    }
    return spec -> create(metaParams, spec.learningRate());
  }

  /** The agent optimizer of {@code metaParams}' coordinate-wise kind (without gradient clipping; not STAR). */
  public static Optimizer<LearnedOptimizerState> create(MetaParams metaParams, double learningRate) {
    switch (metaParams.kind()) {
      case OPTIM4RL:
        return Optim4RlOptimizer.of(metaParams, learningRate);
      case LINEAR_OPTIM:
      case L2L_GD2:
        return ReferenceRouteOptimizer.of(metaParams, learningRate);
      default:
        throw new IllegalArgumentException("star needs the agent's parameter layout: use StarOptimizer.of or "
            + "factory(metaParams, agentLayout)");
    }
  }
}
