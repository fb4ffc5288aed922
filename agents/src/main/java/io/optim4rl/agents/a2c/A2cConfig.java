package io.optim4rl.agents.a2c;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Settings of one plain A2C run (REFERENCE 3.1 to 3.3). Validated on construction.
 *
 * @param seed run seed: agent initialisation uses {@code Seeds.stream(seed, "agent-init", 0)} and env
 *     {@code b} samples its actions from {@code Seeds.stream(seed, "action", b)} (the env's own dynamics
 *     streams are fixed when the caller builds the {@code VecEnv}, normally with the same seed)
 * @param trainSteps budget in env steps; the run makes {@code floor(trainSteps / (numEnvs * T))}
 *     iterations (REFERENCE 3.3)
 * @param rolloutSteps T, the rollout length per iteration (20 in every config)
 * @param hyper discount, lambda and loss weights (REFERENCE 3.1)
 * @param dataType parameter data type: FLOAT for training, DOUBLE for checks
 */
public record A2cConfig(long seed, long trainSteps, int rolloutSteps, A2cLoss.Hyper hyper, DataType dataType) {

  /** T = 20 (REFERENCE 3.1). */
  public static final int DEFAULT_ROLLOUT_STEPS = 20;

  public A2cConfig {
    if (trainSteps < 1) {
      throw new IllegalArgumentException("trainSteps must be >= 1, got " + trainSteps);
    }
    if (rolloutSteps < 1) {
      throw new IllegalArgumentException("rolloutSteps must be >= 1, got " + rolloutSteps);
    }
    Objects.requireNonNull(hyper, "hyper");
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
    }
  }

  /** The reference settings (T = 20, gamma 0.995, lambda 0.95, weights 0.5 / 0.01, FLOAT). */
  public static A2cConfig defaults(long seed, long trainSteps) {
    return new A2cConfig(seed, trainSteps, DEFAULT_ROLLOUT_STEPS, A2cLoss.Hyper.defaults(), DataType.FLOAT);
  }

  /** A copy with another budget. */
  public A2cConfig withTrainSteps(long steps) {
    return new A2cConfig(seed, steps, rolloutSteps, hyper, dataType);
  }

  /** Env steps per iteration for {@code numEnvs} envs: {@code numEnvs * T} (macro_step, REFERENCE 3.3). */
  public long stepsPerIteration(int numEnvs) {
    return (long) numEnvs * rolloutSteps;
  }

  /** {@code floor(trainSteps / (numEnvs * T))} (REFERENCE 3.3); 390 for Catch with 64 envs and 5e5 steps. */
  public int iterations(int numEnvs) {
    return Math.toIntExact(trainSteps / stepsPerIteration(numEnvs));
  }
}
