package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;
import java.util.concurrent.ForkJoinPool;

/** Builds the {@link LearnedOptimizerEngine} of a learned optimizer kind. */
public final class Engines {

  private Engines() {}

  /**
   * An engine for {@code kind} over {@code numCoords} coordinates (units of {@code agentLayout}'s parameters)
   * with the task's lr and agent gradient clip; Optim4RL runs on the fused Vector API kernel, STAR on
   * {@link StarEngine} (lr = its step_mult), LinearOptim and L2LGD2 on the double reference.
   */
  public static LearnedOptimizerEngine create(LearnedOptimizerKind kind, ForkJoinPool pool, MetaParams metaParams,
      ParamLayout agentLayout, int numCoords, int innerUpdates, double lr, double clip) {
    if (kind == LearnedOptimizerKind.STAR) {
      return new StarEngine(metaParams, agentLayout, pool, numCoords, innerUpdates, lr, clip);
    }
    return create(kind, Optim4RlVectorKernel.instance(), pool, metaParams, numCoords, innerUpdates, lr, clip);
  }

  /**
   * A coordinate-wise engine (no agent layout needed; not STAR): as
   * {@link #create(LearnedOptimizerKind, ForkJoinPool, MetaParams, ParamLayout, int, int, double, double)}.
   */
  public static LearnedOptimizerEngine create(LearnedOptimizerKind kind, ForkJoinPool pool, MetaParams metaParams,
      int numCoords, int innerUpdates, double lr, double clip) {
    return create(kind, Optim4RlVectorKernel.instance(), pool, metaParams, numCoords, innerUpdates, lr, clip);
  }

  /** A coordinate-wise engine with a given Optim4RL kernel (not STAR, which needs the agent layout). */
  public static LearnedOptimizerEngine create(LearnedOptimizerKind kind, Optim4RlKernel kernel, ForkJoinPool pool,
      MetaParams metaParams, int numCoords, int innerUpdates, double lr, double clip) {
    switch (kind) {
      case OPTIM4RL:
        return new Optim4RlEngine(new Optim4RlExecutor(kernel, pool), metaParams, numCoords, innerUpdates, lr, clip);
      case STAR:
        throw new IllegalArgumentException("star needs the agent's parameter layout: use "
            + "Engines.create(kind, pool, metaParams, agentLayout, ...)");
      default:
        return new ReferenceEngine(metaParams, numCoords, innerUpdates, lr, clip);
    }
  }
}
