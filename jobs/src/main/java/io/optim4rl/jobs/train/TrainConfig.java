package io.optim4rl.jobs.train;

import io.optim4rl.envs.Tasks;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ConfigKey;
import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.config.ValueType;
import java.util.List;
import java.util.Map;

/**
 * One plain A2C training run (REFERENCE 3): an agent trained from scratch on one task with one optimizer.
 * The record's component paths are the configuration keys ({@code optimizer.learningRate}, ...).
 *
 * @param experiment experiment name
 * @param seed run seed; every random stream of the run derives from it
 * @param task environment name
 * @param numEnvs environments stepped in parallel; the gradient is averaged over them
 * @param trainSteps environment-step budget; iterations = floor(trainSteps / (numEnvs * rolloutSteps))
 * @param rolloutSteps T, steps per rollout
 * @param gamma discount
 * @param lambda TD(lambda) parameter
 * @param criticWeight weight of the critic loss
 * @param entropyWeight weight of the entropy regulariser
 * @param rewardScaling multiplier of gridworld rewards (ignored by catch)
 * @param optimizer the agent optimizer
 */
public record TrainConfig(String experiment, long seed, String task, int numEnvs, long trainSteps, int rolloutSteps,
    double gamma, double lambda, double criticWeight, double entropyWeight, double rewardScaling,
    OptimizerConfig optimizer) {

  /** The agent optimizer's settings (REFERENCE 4.1). */
  public record OptimizerConfig(String name, double learningRate, double gradClip, double gradNorm) {}

  /** Optimizer names the train job accepts. */
  public static final List<String> OPTIMIZERS = List.of("sgd", "rmsprop", "adam");

  /** Every key of a train experiment. */
  public static final ConfigSchema SCHEMA = ConfigSchema.of("train", List.of(
      ConfigKey.of("seed", ValueType.LONG, 1, "run seed: agent init, env dynamics and actions derive from it")
          .range(0, 9e15),
      ConfigKey.of("task", ValueType.STRING, null, "environment").oneOf(Tasks::names),
      ConfigKey.of("numEnvs", ValueType.INT, 64, "environments per run; the gradient is their mean").range(1, 65536),
      ConfigKey.of("trainSteps", ValueType.LONG, 500000, "environment steps of the run (catch 5e5, gridworlds 3e7)")
          .range(1, 1e13),
      ConfigKey.of("rolloutSteps", ValueType.INT, 20, "T, steps per rollout and per update").range(1, 10000),
      ConfigKey.of("gamma", ValueType.DOUBLE, 0.995, "discount factor").range(0, 1),
      ConfigKey.of("lambda", ValueType.DOUBLE, 0.95, "lambda of the TD(lambda) returns").range(0, 1),
      ConfigKey.of("criticWeight", ValueType.DOUBLE, 0.5, "weight of the critic loss").range(0, 1e6),
      ConfigKey.of("entropyWeight", ValueType.DOUBLE, 0.01, "weight of the entropy regulariser").range(0, 1e6),
      ConfigKey.of("rewardScaling", ValueType.DOUBLE, 1.0, "multiplies gridworld rewards (catch ignores it)")
          .range(0, 1e9),
      ConfigKey.of("optimizer.name", ValueType.STRING, "adam", "agent optimizer").oneOf(() -> OPTIMIZERS),
      ConfigKey.of("optimizer.learningRate", ValueType.DOUBLE, 1e-3, "agent learning rate").range(1e-12, 10),
      ConfigKey.of("optimizer.gradClip", ValueType.DOUBLE, -1, "clip every gradient entry to [-c, c]; -1 = off")
          .range(1e-12, 1e9).orMinusOne(),
      ConfigKey.of("optimizer.gradNorm", ValueType.DOUBLE, -1,
          "clip the gradient's global L2 norm to this value; -1 = off; gradClip wins if both are set")
          .range(1e-12, 1e9).orMinusOne()),
      TrainConfig::check);

  private static void check(String source, Map<String, Object> v) {
    long perIteration = ((Number) v.get("numEnvs")).longValue() * ((Number) v.get("rolloutSteps")).longValue();
    long steps = ((Number) v.get("trainSteps")).longValue();
    if (steps < perIteration) {
      throw ConfigException.at(source, "trainSteps", steps + " is less than one iteration (numEnvs x rolloutSteps = "
          + perIteration + " environment steps)");
    }
  }

  /** The record of a resolved run. */
  public static TrainConfig of(RunSpec spec) {
    return new TrainConfig(spec.experiment(), spec.longValue("seed"), spec.string("task"), spec.integer("numEnvs"),
        spec.longValue("trainSteps"), spec.integer("rolloutSteps"), spec.number("gamma"), spec.number("lambda"),
        spec.number("criticWeight"), spec.number("entropyWeight"), spec.number("rewardScaling"),
        new OptimizerConfig(spec.string("optimizer.name"), spec.number("optimizer.learningRate"),
            spec.number("optimizer.gradClip"), spec.number("optimizer.gradNorm")));
  }

  /** Environment steps per iteration (numEnvs x rolloutSteps). */
  public long stepsPerIteration() {
    return (long) numEnvs * rolloutSteps;
  }

  /** Number of agent updates: floor(trainSteps / stepsPerIteration) (REFERENCE 3.3). */
  public long iterations() {
    return trainSteps / stepsPerIteration();
  }
}
