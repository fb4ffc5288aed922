package io.optim4rl.lopt.meta;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.lopt.LearnedOptimizerKind;
import java.util.List;

/**
 * Everything a {@link MetaTrainer} needs (REFERENCE 5.1-5.7), Spark-free.
 *
 * @param seed run seed
 * @param tasks the tasks, each with its reward scaling and agent learning rate
 * @param units training units per task
 * @param iterations outer iterations
 * @param rolloutSteps T
 * @param innerUpdates M
 * @param hyper A2C loss settings
 * @param agentGradClip elementwise clip of agent gradients before the learned optimizer (&lt;= 0: off)
 * @param resetInterval pipeline reset interval, or -1 for no pipeline training
 * @param kind learned optimizer
 * @param mlpDims its MLP hidden sizes
 * @param metaLearningRate meta Adam learning rate
 * @param metaGradClip elementwise meta-gradient clip (&lt;= 0: off)
 * @param metaGradNorm global-norm meta-gradient clip (&lt;= 0: off)
 * @param maxNorm per-task meta-gradient normalisation to this norm (&lt;= 0: off)
 * @param maxNanEvents skipped non-finite meta-gradient steps tolerated before the run stops
 * @param threads threads of the learned-optimizer kernel and the unit rollouts (0: all cores)
 */
public record MetaTrainSettings(long seed, List<TaskSpec> tasks, int units, int iterations, int rolloutSteps,
    int innerUpdates, A2cLoss.Hyper hyper, double agentGradClip, int resetInterval, LearnedOptimizerKind kind,
    int[] mlpDims, double metaLearningRate, double metaGradClip, double metaGradNorm, double maxNorm,
    int maxNanEvents, int threads) {

  /** One task of (multi-task) meta-training. */
  public record TaskSpec(String task, double rewardScaling, double learningRate) {}

  public MetaTrainSettings {
    tasks = List.copyOf(tasks);
    mlpDims = mlpDims.clone();
    if (tasks.isEmpty() || units < 1 || iterations < 0 || innerUpdates < 1) {
      throw new IllegalArgumentException("need tasks, units >= 1, iterations >= 0 and innerUpdates >= 1");
    }
  }

  /** Environment steps per task and iteration: units x T x (M + 1). */
  public long stepsPerIteration() {
    return (long) units * rolloutSteps * (innerUpdates + 1);
  }
}
