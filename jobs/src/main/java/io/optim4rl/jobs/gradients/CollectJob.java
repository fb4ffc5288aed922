package io.optim4rl.jobs.gradients;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.optim.Optimizers;
import io.optim4rl.agents.sl.MnistFiles;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.runs.RunKind;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.train.TrainConfig;
import io.optim4rl.jobs.train.TrainJob;
import io.optim4rl.jobs.train.TrainRunner;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code collect}: one Spark task per run of the config's sweep; each trains (A2C with the config's optimizer,
 * or MNIST_CNN) while keeping every k-th entry of every j-th gradient, then writes its {@code gradients} rows
 * and its {@code runs} row, each atomically. A {@code train} config works too (its {@code command: train} is
 * accepted), so collection can be switched on for any training run with {@code --set collect.everyCoord=K}.
 */
public final class CollectJob {

  private CollectJob() {}

  /** Loads a collect (or train) config and checks the MNIST files of sl runs, all before Spark starts. */
  public static ExperimentConfig load(Path file, List<String> overrides) {
    Object doc;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      doc = new Yaml(new LoaderOptions()).load(r);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file (" + e.getMessage() + "; the experiments of the "
          + "paper are in conf/)");
    } catch (YAMLException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
    }
    if (doc instanceof Map<?, ?> m && "train".equals(String.valueOf(m.get("command")))) {
      Map<Object, Object> copy = new LinkedHashMap<>(m);
      copy.remove("command");
      doc = copy;
    }
    String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    ExperimentConfig cfg = ExperimentConfig.parse(file.toString(), stem, doc == null ? Map.of() : doc,
        CollectConfig.SCHEMA, overrides);
    for (RunSpec spec : cfg.expand()) {
      CollectConfig c = CollectConfig.of(spec);
      if (c.source().equals(CollectConfig.SL)) {
        try {
          MnistFiles.checkTrainingSet(Path.of(c.mnistDir()));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(file + ": mnist.dir: " + e.getMessage());
        }
      }
    }
    return cfg;
  }

  /** Runs every missing run of {@code cfg}. */
  public static RunDriver.Summary run(SparkSession spark, ExperimentConfig cfg, Warehouse warehouse, PrintStream out) {
    return RunDriver.run(spark, cfg, warehouse, out, new Kind());
  }

  /** The collect run kind. */
  public static final class Kind implements RunKind {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "collect";
    }

    @Override
    public long iterations(RunSpec spec) {
      return CollectConfig.steps(spec);
    }

    @Override
    public RunOutcome execute(RunSpec spec, Warehouse warehouse, Serializable payload) {
      CollectConfig c = CollectConfig.of(spec);
      if (c.source().equals(CollectConfig.SL)) {
        return MnistCollectRunner.execute(spec, c, warehouse);
      }
      GradientSampler sampler = new GradientSampler(c.everyCoord(), c.everyStep());
      return TrainRunner.execute(spec, warehouse, Optimizers.classical(), o -> record(o, sampler),
          finalReturn -> warehouse.writeAtomically(Tables.GRADIENTS, spec.experiment(), spec.runId(),
              sampler.rows(spec.runId(), CollectConfig.RL, c.task())));
    }

    private static <S> Optimizer<S> record(Optimizer<S> o, GradientSampler sampler) {
      return RecordingOptimizer.wrap(o, sampler);
    }

    @Override
    public Cost cost(RunSpec spec) {
      CollectConfig c = CollectConfig.of(spec);
      return c.source().equals(CollectConfig.SL) ? new Cost(0, 401_850, 1536) : TrainJob.cost(TrainConfig.of(spec));
    }

    @Override
    public List<String> summaryHeader() {
      return List.of("run_id", "source", "task", "optimizer", "learning_rate", "seed", "status", "final", "seconds");
    }

    @Override
    public List<Object> summaryRow(RunSpec spec, RunOutcome o) {
      CollectConfig c = CollectConfig.of(spec);
      return List.of(o.runId(), c.source(), c.task(), c.optimizer().name(), c.optimizer().learningRate(), c.seed(),
          o.status(), Double.isNaN(o.finalReturn()) ? "NaN" : Math.round(o.finalReturn() * 1e4) / 1e4,
          Math.round(o.wallSeconds() * 10) / 10.0);
    }
  }
}
