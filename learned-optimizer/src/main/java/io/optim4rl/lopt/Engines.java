package io.optim4rl.lopt;

import java.util.concurrent.ForkJoinPool;

/** Builds the {@link LearnedOptimizerEngine} of a learned optimizer kind. */
public final class Engines {

  private Engines() {}

  /**
   * An engine for {@code kind} over {@code numCoords} coordinates with the task's lr and agent gradient clip;
   * Optim4RL runs on the fused Vector API kernel.
   */
  public static LearnedOptimizerEngine create(LearnedOptimizerKind kind, ForkJoinPool pool, MetaParams metaParams,
      int numCoords, int innerUpdates, double lr, double clip) {
    return create(kind, Optim4RlVectorKernel.instance(), pool, metaParams, numCoords, innerUpdates, lr, clip);
  }

  /** As {@link #create(LearnedOptimizerKind, ForkJoinPool, MetaParams, int, int, double, double)} with a given kernel. */
  public static LearnedOptimizerEngine create(LearnedOptimizerKind kind, Optim4RlKernel kernel, ForkJoinPool pool,
      MetaParams metaParams, int numCoords, int innerUpdates, double lr, double clip) {
    switch (kind) {
      case OPTIM4RL:
        return new Optim4RlEngine(new Optim4RlExecutor(kernel, pool), metaParams, numCoords, innerUpdates, lr, clip);
      default:
        return new ReferenceEngine(metaParams, numCoords, innerUpdates, lr, clip);
    }
  }
}
