package io.optim4rl.jobs;

import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.evaluate.EvaluateConfig;
import io.optim4rl.jobs.evaluate.EvaluateJob;
import io.optim4rl.jobs.meta.MetaTrainConfig;
import io.optim4rl.jobs.meta.MetaTrainJob;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.warehouse.Checkpoint;
import io.optim4rl.jobs.warehouse.Checkpoints;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code quickstart}: meta-trains a small Optim4RL on Catch with pipeline training, evaluates it against
 * Adam and RMSProp on fresh agents, and prints the comparison and where the results are. Uses the configs
 * embedded in the jar ({@code quickstart/meta.yaml}, {@code quickstart/evaluate.yaml}); like every command
 * it skips what the warehouse already holds, so a second run only prints the comparison.
 */
public final class QuickstartJob {

  private QuickstartJob() {}

  /** Runs both steps; returns the number of failed runs. */
  public static int run(SparkSession spark, Warehouse warehouse, PrintStream out) {
    ExperimentConfig meta = embedded("quickstart/meta.yaml", MetaTrainConfig.SCHEMA);
    ExperimentConfig eval = embedded("quickstart/evaluate.yaml", EvaluateConfig.SCHEMA);
    out.println("quickstart 1/2: meta-train Optim4RL on Catch (32 units, pipeline reset interval 32, 120 iterations)");
    RunDriver.Summary m = MetaTrainJob.run(spark, meta, warehouse, out, true);
    if (m.failed() > 0) {
      return m.failed();
    }
    out.println("quickstart 2/2: fresh A2C agents on Catch with the learned optimizer, Adam and RMSProp (5 seeds each)");
    EvaluateJob.Result e = EvaluateJob.run(spark, eval, warehouse, out);
    List<Checkpoint> ck = Checkpoints.select(spark, warehouse, "experiment = 'quickstart-meta' AND is_final");
    String where = warehouse.root().contains(":") ? warehouse.root()
        : java.nio.file.Path.of(warehouse.root()).toAbsolutePath().toString();
    out.println("warehouse:  " + where + " (tables: runs, meta_steps, checkpoints, returns, evaluations,"
        + " evaluation_summaries)");
    for (Checkpoint c : ck) {
      out.println("checkpoint: run " + c.runId() + " at iteration " + c.iteration() + " (sha256 "
          + c.sha256().substring(0, 12) + "...): bin/optim4rl sql \"SELECT * FROM checkpoints WHERE experiment = "
          + "'quickstart-meta' AND is_final\"");
    }
    return e.runs().failed();
  }

  private static ExperimentConfig embedded(String resource, ConfigSchema schema) {
    try (InputStream in = QuickstartJob.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException("the jar has no embedded config " + resource + " (rebuild the project)");
      }
      Object doc = new Yaml(new LoaderOptions()).load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return ExperimentConfig.parse("embedded:" + resource, "quickstart", doc, schema, List.of());
    } catch (IOException e) {
      throw new ConfigException("cannot read embedded config " + resource + ": " + e.getMessage());
    }
  }
}
