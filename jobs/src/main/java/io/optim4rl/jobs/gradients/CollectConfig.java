package io.optim4rl.jobs.gradients;

import io.optim4rl.envs.Tasks;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ConfigKey;
import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.config.ValueType;
import io.optim4rl.jobs.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code collect} experiment: every key of a {@code train} run (REFERENCE 3; the agent trained on a
 * gridworld or Catch when {@code source} is {@code rl}) plus the collection block and, for {@code source: sl},
 * the MNIST settings (REFERENCE 7.2; the optimizer keys then set MNIST_CNN's optimizer).
 *
 * @param source rl (A2C on {@code task}) or sl (MNIST_CNN on MNIST)
 * @param everyCoord keep gradient entries 0, k, 2k, ... of the flat canonical parameter vector
 * @param everyStep keep the gradients of steps 0, j, 2j, ...
 * @param mnistDir folder of the MNIST IDX files (sl)
 * @param epochs MNIST epochs (sl)
 * @param batchSize MNIST batch size (sl)
 * @param imagesPerClass balanced images per digit, -1 = floor(min class count / batch) x batch (sl)
 */
public record CollectConfig(String source, String task, long seed, int everyCoord, int everyStep, String mnistDir,
    int epochs, int batchSize, int imagesPerClass, TrainConfig.OptimizerConfig optimizer) {

  public static final String RL = "rl";
  public static final String SL = "sl";
  public static final String MNIST = "mnist";

  /** Every key of a collect experiment. */
  public static final ConfigSchema SCHEMA = ConfigSchema.of("collect", keys(), CollectConfig::check);

  private static List<ConfigKey> keys() {
    List<ConfigKey> keys = new ArrayList<>();
    keys.add(ConfigKey.of("source", ValueType.STRING, RL, "rl: A2C on a gridworld or catch; sl: MNIST_CNN on MNIST")
        .oneOf(() -> List.of(RL, SL)));
    for (ConfigKey k : TrainConfig.SCHEMA.keys().values()) {
      if (k.path().equals("task")) {
        keys.add(ConfigKey.of("task", ValueType.STRING, null, "environment (rl) or mnist (sl)").oneOf(() -> {
          List<String> names = new ArrayList<>(Tasks.names());
          names.add(MNIST);
          return names;
        }));
      } else {
        keys.add(k);
      }
    }
    keys.add(ConfigKey.of("collect.everyCoord", ValueType.INT, 100,
        "keep gradient entries 0, k, 2k, ... of the flat parameter vector (rl 100, sl 1000)").range(1, 1e9));
    keys.add(ConfigKey.of("collect.everyStep", ValueType.INT, 1, "keep the gradients of steps 0, j, 2j, ...")
        .range(1, 1e9));
    keys.add(ConfigKey.of("mnist.dir", ValueType.STRING, "",
        "folder with train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] (sl)"));
    keys.add(ConfigKey.of("mnist.epochs", ValueType.INT, 10, "epochs over the balanced set (sl)").range(1, 1000));
    keys.add(ConfigKey.of("mnist.batchSize", ValueType.INT, 128, "images per step (sl)").range(1, 60000));
    keys.add(ConfigKey.of("mnist.imagesPerClass", ValueType.INT, -1,
        "images kept per digit; -1 = floor(min class count / batch) x batch, 5,376 (sl)").range(1, 60000).orMinusOne());
    return keys;
  }

  private static void check(String source, Map<String, Object> v) {
    boolean sl = SL.equals(v.get("source"));
    boolean mnist = MNIST.equals(v.get("task"));
    if (sl != mnist) {
      throw ConfigException.at(source, "task", sl ? "source sl trains MNIST_CNN: set task: mnist"
          : "task mnist needs source: sl");
    }
    if (sl && String.valueOf(v.get("mnist.dir")).isBlank()) {
      throw ConfigException.at(source, "mnist.dir", "source sl needs the folder of the MNIST files: --set mnist.dir=DIR");
    }
    if (!sl) {
      long perIteration = ((Number) v.get("numEnvs")).longValue() * ((Number) v.get("rolloutSteps")).longValue();
      if (((Number) v.get("trainSteps")).longValue() < perIteration) {
        throw ConfigException.at(source, "trainSteps", "less than one iteration (numEnvs x rolloutSteps = "
            + perIteration + " environment steps)");
      }
    }
  }

  /** The record of a resolved run. */
  public static CollectConfig of(RunSpec spec) {
    return new CollectConfig(spec.string("source"), spec.string("task"), spec.longValue("seed"),
        spec.integer("collect.everyCoord"), spec.integer("collect.everyStep"), spec.string("mnist.dir"),
        spec.integer("mnist.epochs"), spec.integer("mnist.batchSize"), spec.integer("mnist.imagesPerClass"),
        new TrainConfig.OptimizerConfig(spec.string("optimizer.name"), spec.number("optimizer.learningRate"),
            spec.number("optimizer.gradClip"), spec.number("optimizer.gradNorm")));
  }

  /** Optimizer steps of a run (for progress): A2C iterations, or MNIST epochs x full batches (estimated). */
  public static long steps(RunSpec spec) {
    CollectConfig c = of(spec);
    if (c.source().equals(RL)) {
      return TrainConfig.of(spec).iterations();
    }
    int perClass = c.imagesPerClass() > 0 ? c.imagesPerClass() : 5421 / c.batchSize() * c.batchSize();
    return (long) c.epochs() * Math.max(1, 10L * perClass / c.batchSize());
  }
}
