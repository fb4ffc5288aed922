package io.optim4rl.lopt.meta;

/**
 * What one outer iteration reports per task (the {@code meta_steps} table).
 *
 * @param iteration 1-based outer iteration
 * @param task task name
 * @param envSteps environment steps of this task so far (end of the iteration)
 * @param metaLoss mean validation A2C loss over the task's units
 * @param metaGradNorm L2 norm of the task's mean meta-gradient (before max-norm)
 * @param meanReturn mean return of the episodes that ended during the iteration (NaN if none)
 * @param episodes number of such episodes
 * @param resets units reset at the start of the iteration
 * @param nanEvents skipped non-finite meta-gradient steps so far in the run
 * @param seconds wall time of the iteration (all tasks and the meta-update)
 */
public record MetaStepReport(int iteration, String task, long envSteps, double metaLoss, double metaGradNorm,
    double meanReturn, int episodes, int resets, int nanEvents, double seconds) {}
