package io.optim4rl.jobs.evaluate;

import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ConfigKey;
import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.config.ValueType;
import io.optim4rl.jobs.train.PpoTrainConfig;
import io.optim4rl.jobs.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of an {@code evaluate} experiment (REFERENCE 6): the A2C (or, with {@code agent: ppo}, PPO) run
 * settings of a {@code train} experiment (task, numEnvs, trainSteps, optimizer.learningRate, optimizer.gradClip, ...; not
 * optimizer.name), which checkpoints to evaluate, selected by a query, and the classical baselines trained
 * next to them with the same settings.
 */
public final class EvaluateConfig {

  /** Key paths added to each evaluation run's config (not settable in files). */
  public static final String EVAL_OPTIMIZER = "evaluation.optimizer";
  public static final String EVAL_CHECKPOINT_RUN = "evaluation.checkpointRunId";
  public static final String EVAL_CHECKPOINT_ITERATION = "evaluation.checkpointIteration";

  private EvaluateConfig() {}

  /** Every key of an evaluate experiment with A2C agents. */
  public static final ConfigSchema SCHEMA = schema(TrainConfig.SCHEMA.keys().values(), (src, v) -> { });

  /** Every key of an evaluate experiment with PPO agents (the file says {@code agent: ppo}). */
  public static final ConfigSchema PPO_SCHEMA = schema(PpoTrainConfig.keys(), PpoTrainConfig::check);

  private static ConfigSchema schema(java.util.Collection<ConfigKey> trainKeys,
      java.util.function.BiConsumer<String, java.util.Map<String, Object>> trainCheck) {
    List<ConfigKey> keys = new ArrayList<>();
    for (ConfigKey k : trainKeys) {
      if (!k.path().equals("optimizer.name")) {
        keys.add(k);
      }
    }
    keys.add(ConfigKey.of("checkpoint.experiment", ValueType.STRING, null,
        "the meta-training experiment whose checkpoints are evaluated"));
    keys.add(ConfigKey.of("checkpoint.where", ValueType.STRING, "true",
        "SQL predicate over the checkpoint's columns and its run's config columns, "
            + "e.g. meta_optimizer_learning_rate = 1e-3 AND pipeline_reset_interval = 32"));
    keys.add(ConfigKey.of("checkpoint.iteration", ValueType.STRING, "final",
        "'final' (the end of each run), 'all', or an iteration number"));
    keys.add(ConfigKey.of("baselines", ValueType.STRING_LIST, List.of("adam", "rmsprop"),
        "classical optimizers trained next to the learned ones with the same settings ([] for none)")
        .oneOf(() -> TrainConfig.OPTIMIZERS));
    return ConfigSchema.of("evaluate", keys, (source, v) -> {
      trainCheck.accept(source, v);
      check(source, v);
    });
  }

  private static void check(String source, java.util.Map<String, Object> v) {
    String it = (String) v.get("checkpoint.iteration");
    if (!it.equals("final") && !it.equals("all") && !it.matches("\\d+")) {
      throw ConfigException.at(source, "checkpoint.iteration", "'" + it + "' is not 'final', 'all' or a number");
    }
    String where = (String) v.get("checkpoint.where");
    if (where.contains(";")) {
      throw ConfigException.at(source, "checkpoint.where", "must be one SQL predicate (no ';')");
    }
  }

  /** The SQL predicate selecting the checkpoints of a resolved evaluate config. */
  public static String checkpointPredicate(String experiment, String where, String iteration) {
    String it = switch (iteration) {
      case "final" -> "is_final";
      case "all" -> "true";
      default -> "iteration = " + Long.parseLong(iteration);
    };
    return "experiment = '" + experiment.replace("'", "''") + "' AND " + it + " AND (" + where + ")";
  }
}
