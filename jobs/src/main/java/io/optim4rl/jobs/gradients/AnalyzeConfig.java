package io.optim4rl.jobs.gradients;

import io.optim4rl.jobs.config.ConfigKey;
import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.ValueType;
import java.util.List;
import java.util.Map;

/**
 * An {@code analyze gradients} experiment: which collection experiments of the {@code gradients} table to
 * analyse; the results go to the analysis experiment's partition of {@code gradient_histograms} and
 * {@code gradient_distances}, one file per analysed run.
 *
 * @param experiment the analysis experiment (the config's name)
 * @param inputs experiments of the {@code gradients} table whose runs are analysed
 * @param sampleFraction fraction of rows used (1 = every row, exact; less = a Bernoulli sample)
 * @param seed seed of the sample
 * @param partitions range partitions of the sort (0 = one per 2 million values)
 */
public record AnalyzeConfig(String experiment, List<String> inputs, double sampleFraction, long seed,
    int partitions) {

  /** Every key of an analyze experiment. */
  public static final ConfigSchema SCHEMA = ConfigSchema.of("analyze", List.of(
      ConfigKey.of("inputs", ValueType.STRING_LIST, null,
          "experiments of the gradients table to analyse (for example [collect_bdl, collect_mnist])"),
      ConfigKey.of("sampleFraction", ValueType.DOUBLE, 1.0,
          "fraction of the gradient rows to use; 1 = all of them (exact distances)").range(1e-9, 1),
      ConfigKey.of("seed", ValueType.LONG, 1, "seed of the row sample (unused when sampleFraction is 1)")
          .range(0, 9e15),
      ConfigKey.of("partitions", ValueType.INT, 0, "range partitions of the sort; 0 = one per 2 million values")
          .range(0, 100000)),
      (source, v) -> { });

  /** The record of a loaded config (analyze configs have no sweep). */
  @SuppressWarnings("unchecked")
  public static AnalyzeConfig of(ExperimentConfig cfg) {
    if (!cfg.sweepAxes().isEmpty()) {
      throw new io.optim4rl.jobs.config.ConfigException(cfg.source() + ": an analyze config has no sweep: block");
    }
    Map<String, Object> c = cfg.expand().get(0).config();
    return new AnalyzeConfig(cfg.experiment(), (List<String>) c.get("inputs"), ((Number) c.get("sampleFraction"))
        .doubleValue(), ((Number) c.get("seed")).longValue(), ((Number) c.get("partitions")).intValue());
  }
}
