package io.optim4rl.jobs.meta;

import io.optim4rl.agents.ppo.PpoConfig;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.control.ControlTasks;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ConfigKey;
import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.config.ValueType;
import io.optim4rl.jobs.train.PpoTrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One meta-training run (REFERENCE 5): a learned optimizer meta-trained with MetaA2C units (or, with
 * {@code agent: ppo}, MetaPPO units, REFERENCE 5.8) on one or more tasks, with or without pipeline training. The record's component paths are the configuration keys.
 *
 * @param experiment experiment name
 * @param seed run seed (meta-parameter init, every unit's agent, env and action streams)
 * @param tasks the tasks, processed in this order every iteration (REFERENCE 5.6)
 * @param units training units per task (one agent and one env each)
 * @param trainSteps environment steps per task; iterations = floor(trainSteps / (units x T x (M + 1)))
 * @param rolloutSteps T
 * @param innerUpdates M, agent updates per outer iteration
 * @param gamma discount
 * @param lambda TD(lambda)
 * @param criticWeight critic loss weight
 * @param entropyWeight entropy weight
 * @param rewardScaling per task (one value applies to all)
 * @param optimizer the learned optimizer and the agents' settings
 * @param resetInterval pipeline reset interval m; -1 means no pipeline training (MetapA2C, REFERENCE 5.4)
 * @param metaOptimizer the meta optimizer (Adam) settings
 * @param checkpointEvery checkpoint every this many iterations (and at the end)
 * @param maxNanEvents stop after this many skipped non-finite meta-gradients
 * @param threads kernel and rollout threads of the run (0 = all cores)
 * @param ppo MetaPPO's agent settings (REFERENCE 5.8; numEnvs = environments per unit), or null for MetaA2C
 */
public record MetaTrainConfig(String experiment, long seed, List<String> tasks, int units, long trainSteps,
    int rolloutSteps, int innerUpdates, double gamma, double lambda, double criticWeight, double entropyWeight,
    List<Double> rewardScaling, LearnedOptimizerConfig optimizer, int resetInterval, MetaOptimizerConfig metaOptimizer,
    int checkpointEvery, int maxNanEvents, int threads, PpoConfig ppo) {

  /** The learned optimizer: kind, architecture, and per-task agent learning rates and agent gradient clip. */
  public record LearnedOptimizerConfig(String name, List<Double> learningRate, double gradClip, List<Integer> mlpDims) {}

  /** Adam on the meta-parameters with optional elementwise clip, global-norm clip and per-task max-norm. */
  public record MetaOptimizerConfig(double learningRate, double gradClip, double gradNorm, double maxNorm) {}

  /** Learned optimizers that can be meta-trained. */
  public static final List<String> LEARNED_OPTIMIZERS = List.of("optim4rl", "linear_optim", "l2l_gd2", "star");

  /** Every key of a meta-train experiment. */
  public static final ConfigSchema SCHEMA = ConfigSchema.of("meta-train", List.of(
      ConfigKey.of("seed", ValueType.LONG, 1, "run seed").range(0, 9e15),
      ConfigKey.of("tasks", ValueType.STRING_LIST, null, "tasks, in processing order (one for single-task)")
          .oneOf(Tasks::names),
      ConfigKey.of("units", ValueType.INT, 64, "training units per task (one agent, one env each)").range(1, 65536),
      ConfigKey.of("trainSteps", ValueType.LONG, 500000, "environment steps per task").range(1, 1e13),
      ConfigKey.of("rolloutSteps", ValueType.INT, 20, "T, steps per rollout").range(1, 10000),
      ConfigKey.of("innerUpdates", ValueType.INT, 4, "M, agent updates per outer iteration (BPTT length)")
          .range(1, 64),
      ConfigKey.of("gamma", ValueType.DOUBLE, 0.995, "discount factor").range(0, 1),
      ConfigKey.of("lambda", ValueType.DOUBLE, 0.95, "lambda of the TD(lambda) returns").range(0, 1),
      ConfigKey.of("criticWeight", ValueType.DOUBLE, 0.5, "weight of the critic loss").range(0, 1e6),
      ConfigKey.of("entropyWeight", ValueType.DOUBLE, 0.01, "weight of the entropy regulariser").range(0, 1e6),
      ConfigKey.of("rewardScaling", ValueType.DOUBLE_LIST, List.of(1.0),
          "reward multiplier per task (one value applies to all tasks)").range(0, 1e9),
      ConfigKey.of("optimizer.name", ValueType.STRING, "optim4rl", "learned optimizer")
          .oneOf(() -> LEARNED_OPTIMIZERS),
      ConfigKey.of("optimizer.learningRate", ValueType.DOUBLE_LIST, List.of(1e-3),
          "agent learning rate per task (one value applies to all)").range(1e-12, 10),
      ConfigKey.of("optimizer.gradClip", ValueType.DOUBLE, -1,
          "clip agent gradient entries to [-c, c] before the learned optimizer; -1 = off").range(1e-12, 1e9)
          .orMinusOne(),
      ConfigKey.of("optimizer.mlpDims", ValueType.INT_LIST, List.of(16, 16),
          "hidden sizes of the learned optimizer's output MLPs ([16, 16] as in the paper, [] as the released configs)")
          .range(1, 4096),
      ConfigKey.of("pipeline.resetInterval", ValueType.INT, 32,
          "pipeline training: reset each unit every m iterations at staggered offsets; -1 = no pipeline").range(1, 1e9)
          .orMinusOne(),
      ConfigKey.of("metaOptimizer.learningRate", ValueType.DOUBLE, 1e-3, "meta Adam learning rate").range(1e-12, 10),
      ConfigKey.of("metaOptimizer.gradClip", ValueType.DOUBLE, -1, "clip meta-gradient entries; -1 = off")
          .range(1e-12, 1e9).orMinusOne(),
      ConfigKey.of("metaOptimizer.gradNorm", ValueType.DOUBLE, -1, "clip the meta-gradient's global norm; -1 = off")
          .range(1e-12, 1e9).orMinusOne(),
      ConfigKey.of("metaOptimizer.maxNorm", ValueType.DOUBLE, -1,
          "rescale each task's mean meta-gradient to exactly this norm (REFERENCE 5.1e); -1 = off")
          .range(1e-12, 1e9).orMinusOne(),
      ConfigKey.of("checkpointEvery", ValueType.INT, 10, "checkpoint every this many iterations and at the end")
          .range(1, 1e9),
      ConfigKey.of("maxNanEvents", ValueType.INT, 5,
          "skip a non-finite meta-gradient step; stop the run after this many").range(0, 1e9),
      ConfigKey.of("threads", ValueType.INT, 0,
          "threads of one run's learned-optimizer kernel and unit rollouts; 0 = all cores").range(0, 4096)),
      MetaTrainConfig::check);

  /** Keys of MetaA2C that MetaPPO does not have (its agent keys come from {@link PpoTrainConfig}). */
  private static final Set<String> A2C_ONLY = Set.of("tasks", "rolloutSteps", "gamma", "lambda", "criticWeight",
      "entropyWeight");
  /** PPO train keys that a meta-training run sets otherwise (per task, per run) or does not have. */
  private static final Set<String> NOT_IN_META = Set.of("seed", "task", "trainSteps", "rewardScaling", "numEnvs",
      "valueHidden", "numEvals", "evalEnvs", "evalEpisodeLength");

  /**
   * Every key of a MetaPPO experiment (the file says {@code agent: ppo}): the meta-training keys without the
   * A2C ones, the PPO agent keys, environments per unit, and the meta-training value net 5x64 (paper C.3).
   */
  public static final ConfigSchema PPO_SCHEMA = ppoSchema();

  private static ConfigSchema ppoSchema() {
    List<ConfigKey> keys = new ArrayList<>();
    keys.add(ConfigKey.of("tasks", ValueType.STRING_LIST, null, "continuous-control tasks, in processing order")
        .oneOf(ControlTasks::names));
    for (ConfigKey k : SCHEMA.keys().values()) {
      if (!A2C_ONLY.contains(k.path())) {
        keys.add(k);
      }
    }
    for (ConfigKey k : PpoTrainConfig.keys()) {
      if (!NOT_IN_META.contains(k.path()) && !k.path().startsWith("optimizer.")) {
        keys.add(k);
      }
    }
    keys.add(ConfigKey.of("numEnvs", ValueType.INT, 16, "environments of one unit (one PPO agent)").range(1, 1 << 20));
    keys.add(ConfigKey.of("valueHidden", ValueType.INT_LIST, List.of(64, 64, 64, 64, 64),
        "value MLP hidden sizes (swish); 5x64 in meta-training (paper C.3)").range(1, 65536));
    return ConfigSchema.of("meta-train", keys, MetaTrainConfig::checkPpo);
  }

  private static void checkPpo(String source, Map<String, Object> v) {
    PpoTrainConfig.check(source, v);
    checkPerTask(source, v);
    long perIteration = ((Number) v.get("units")).longValue() * ((Number) v.get("innerUpdates")).longValue()
        * ((Number) v.get("batchSize")).longValue() * ((Number) v.get("numMinibatches")).longValue()
        * ((Number) v.get("unrollLength")).longValue();
    if (((Number) v.get("trainSteps")).longValue() < perIteration) {
      throw ConfigException.at(source, "trainSteps", "is less than one iteration (units x innerUpdates x "
          + "batchSize x numMinibatches x unrollLength = " + perIteration + " environment steps)");
    }
  }

  private static void check(String source, Map<String, Object> v) {
    checkPerTask(source, v);
    long perIteration = ((Number) v.get("units")).longValue() * ((Number) v.get("rolloutSteps")).longValue()
        * (((Number) v.get("innerUpdates")).longValue() + 1);
    if (((Number) v.get("trainSteps")).longValue() < perIteration) {
      throw ConfigException.at(source, "trainSteps", "is less than one iteration (units x rolloutSteps x "
          + "(innerUpdates + 1) = " + perIteration + " environment steps)");
    }
  }

  private static void checkPerTask(String source, Map<String, Object> v) {
    int tasks = ((List<?>) v.get("tasks")).size();
    if (tasks == 0) {
      throw ConfigException.at(source, "tasks", "give at least one task");
    }
    for (String key : List.of("rewardScaling", "optimizer.learningRate")) {
      int n = ((List<?>) v.get(key)).size();
      if (n != 1 && n != tasks) {
        throw ConfigException.at(source, key, "has " + n + " values for " + tasks + " tasks (give one, or one per task)");
      }
    }
  }

  /** The record of a resolved run. */
  @SuppressWarnings("unchecked")
  public static MetaTrainConfig of(RunSpec s) {
    boolean ppo = PpoTrainConfig.isPpo(s);
    // reward scaling is per task (MetaTrainer's TaskSpec); meta-training runs no evaluations
    PpoConfig agent = ppo ? PpoTrainConfig.ppoConfig(s, 1.0, 1, 1, 1) : null;
    return new MetaTrainConfig(s.experiment(), s.longValue("seed"), (List<String>) s.config().get("tasks"),
        s.integer("units"), s.longValue("trainSteps"), ppo ? s.integer("unrollLength") : s.integer("rolloutSteps"),
        s.integer("innerUpdates"), s.number("gamma"), s.number("lambda"), ppo ? 0 : s.number("criticWeight"),
        s.number("entropyWeight"),
        (List<Double>) s.config().get("rewardScaling"),
        new LearnedOptimizerConfig(s.string("optimizer.name"), (List<Double>) s.config().get("optimizer.learningRate"),
            s.number("optimizer.gradClip"), (List<Integer>) s.config().get("optimizer.mlpDims")),
        s.integer("pipeline.resetInterval"),
        new MetaOptimizerConfig(s.number("metaOptimizer.learningRate"), s.number("metaOptimizer.gradClip"),
            s.number("metaOptimizer.gradNorm"), s.number("metaOptimizer.maxNorm")),
        s.integer("checkpointEvery"), s.integer("maxNanEvents"), s.integer("threads"), agent);
  }

  /**
   * Environment steps per task and iteration: MetaA2C units x T x (M + 1); MetaPPO units x M x one PPO
   * training step (the validation rollout not counted, as the reference counts; REFERENCE 5.8).
   */
  public long stepsPerIteration() {
    return ppo != null ? (long) units * innerUpdates * ppo.stepsPerTrainingStep()
        : (long) units * rolloutSteps * (innerUpdates + 1);
  }

  /** Outer iterations: floor(trainSteps / stepsPerIteration) (REFERENCE 5.1). */
  public int iterations() {
    return Math.toIntExact(trainSteps / stepsPerIteration());
  }

  /** The value of a per-task list for task index {@code i}. */
  public static double perTask(List<Double> values, int i) {
    return values.size() == 1 ? values.get(0) : values.get(i);
  }
}
