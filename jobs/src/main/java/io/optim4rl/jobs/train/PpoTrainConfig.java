package io.optim4rl.jobs.train;

import io.optim4rl.agents.ppo.PpoConfig;
import io.optim4rl.envs.control.ControlTasks;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ConfigKey;
import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.config.ValueType;
import java.util.List;
import java.util.Map;

/**
 * The keys of a PPO {@code train} experiment (REFERENCE 3.6; a config says {@code agent: ppo} at its top
 * level): a continuous-control task, brax's PPO settings, the agent optimizer. The A2C train keys stay in
 * {@link TrainConfig}, so adding PPO changed no A2C run id.
 */
public final class PpoTrainConfig {

  /** The value of the {@code agent} key of PPO runs (the top-level {@code agent:} of their files). */
  public static final String AGENT = "ppo";

  private PpoTrainConfig() {}

  /** Every key of a PPO train experiment. */
  public static final ConfigSchema SCHEMA = ConfigSchema.of("train", keys(), PpoTrainConfig::check);

  /** The keys, shared with the PPO evaluate schema. */
  public static List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("agent", ValueType.STRING, AGENT, "the agent: ppo (set by the file's top-level 'agent: ppo')")
            .oneOf(() -> List.of(AGENT)),
        ConfigKey.of("seed", ValueType.LONG, 1, "run seed: agent init, env dynamics, actions and minibatches derive "
            + "from it").range(0, 9e15),
        ConfigKey.of("task", ValueType.STRING, null, "continuous-control task").oneOf(ControlTasks::names),
        ConfigKey.of("numEnvs", ValueType.INT, 2048, "training envs stepped together (brax num_envs)")
            .range(1, 1 << 20),
        ConfigKey.of("trainSteps", ValueType.LONG, 100_000_000L, "env-step budget (brax num_timesteps)")
            .range(1, 1e13),
        ConfigKey.of("unrollLength", ValueType.INT, 5, "steps per unroll").range(1, 100000),
        ConfigKey.of("batchSize", ValueType.INT, 1024, "unrolls per minibatch").range(1, 1 << 24),
        ConfigKey.of("numMinibatches", ValueType.INT, 32, "minibatches per pass; a training step collects "
            + "batchSize x numMinibatches unrolls").range(1, 1 << 20),
        ConfigKey.of("updateEpochs", ValueType.INT, 4, "passes over a training step's data").range(1, 10000),
        ConfigKey.of("gamma", ValueType.DOUBLE, 0.97, "discount factor").range(0, 1),
        ConfigKey.of("lambda", ValueType.DOUBLE, 0.95, "GAE lambda").range(0, 1),
        ConfigKey.of("clipEpsilon", ValueType.DOUBLE, 0.3, "clipping epsilon of the surrogate").range(1e-9, 0.999999),
        ConfigKey.of("entropyWeight", ValueType.DOUBLE, 1e-2, "entropy bonus weight (1e-2 ant/pendulum, 1e-3 "
            + "humanoid/walker2d)").range(0, 1e6),
        ConfigKey.of("valueWeight", ValueType.DOUBLE, 0.5, "weight of 0.5 mean((v_target - v)^2); brax's is 0.5")
            .range(0, 1e6),
        ConfigKey.of("rewardScaling", ValueType.DOUBLE, 1.0, "multiplies rewards inside the loss (logged returns "
            + "are unscaled)").range(1e-12, 1e9),
        ConfigKey.of("policyHidden", ValueType.INT_LIST, List.of(32, 32, 32, 32), "policy MLP hidden sizes (swish)")
            .range(1, 65536),
        ConfigKey.of("valueHidden", ValueType.INT_LIST, List.of(256, 256, 256, 256, 256),
            "value MLP hidden sizes (swish); meta-training uses [64, 64, 64, 64, 64]").range(1, 65536),
        ConfigKey.of("numEvals", ValueType.INT, 10, "evaluations, the one before training included").range(1, 100000),
        ConfigKey.of("evalEnvs", ValueType.INT, 128, "envs of one evaluation, one episode each").range(1, 1 << 20),
        ConfigKey.of("evalEpisodeLength", ValueType.INT, 1000, "cap on an evaluation episode's steps")
            .range(1, 1e9),
        ConfigKey.of("optimizer.name", ValueType.STRING, "adam", "agent optimizer").oneOf(() -> TrainConfig.OPTIMIZERS),
        ConfigKey.of("optimizer.learningRate", ValueType.DOUBLE, 3e-4, "agent learning rate (walker2d 3e-5)")
            .range(1e-12, 10),
        ConfigKey.of("optimizer.gradClip", ValueType.DOUBLE, 1.0, "clip every gradient entry to [-c, c]; -1 = off")
            .range(1e-12, 1e9).orMinusOne(),
        ConfigKey.of("optimizer.gradNorm", ValueType.DOUBLE, -1,
            "clip the gradient's global L2 norm to this value; -1 = off; gradClip wins if both are set")
            .range(1e-12, 1e9).orMinusOne());
  }

  /** The cross-key rules of PPO settings (also applied by the PPO evaluate schema). */
  public static void check(String source, Map<String, Object> v) {
    long envs = ((Number) v.get("numEnvs")).longValue();
    long unrolls = ((Number) v.get("batchSize")).longValue() * ((Number) v.get("numMinibatches")).longValue();
    if (unrolls % envs != 0) {
      throw ConfigException.at(source, "numEnvs", "batchSize x numMinibatches (" + unrolls + ") must be a multiple "
          + "of numEnvs (" + envs + ")");
    }
  }

  /** Whether a resolved run is a PPO run. */
  public static boolean isPpo(RunSpec spec) {
    return AGENT.equals(spec.config().get("agent"));
  }

  /** The agent library's PPO settings of a resolved train or evaluate run. */
  public static PpoConfig ppoConfig(RunSpec spec) {
    return ppoConfig(spec, spec.number("rewardScaling"), spec.integer("numEvals"), spec.integer("evalEnvs"),
        spec.integer("evalEpisodeLength"));
  }

  /**
   * The PPO agent settings of a resolved run whose reward scaling and evaluation settings live elsewhere
   * (MetaPPO: per task, and no evaluations).
   */
  public static PpoConfig ppoConfig(RunSpec spec, double rewardScaling, int numEvals, int evalEnvs,
      int evalEpisodeLength) {
    return new PpoConfig(spec.integer("numEnvs"), spec.integer("batchSize"), spec.integer("numMinibatches"),
        spec.integer("unrollLength"), spec.integer("updateEpochs"), spec.number("gamma"), spec.number("lambda"),
        spec.number("clipEpsilon"), spec.number("entropyWeight"), spec.number("valueWeight"), rewardScaling,
        ints(spec, "policyHidden"), ints(spec, "valueHidden"), spec.longValue("trainSteps"), numEvals, evalEnvs,
        evalEpisodeLength);
  }

  /** The optimizer settings of a resolved run. */
  public static TrainConfig.OptimizerConfig optimizer(RunSpec spec) {
    return new TrainConfig.OptimizerConfig(spec.string("optimizer.name"), spec.number("optimizer.learningRate"),
        spec.number("optimizer.gradClip"), spec.number("optimizer.gradNorm"));
  }

  private static int[] ints(RunSpec spec, String key) {
    return ((List<?>) spec.config().get(key)).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
  }
}
