package io.optim4rl.jobs.warehouse;

import static io.optim4rl.jobs.warehouse.Column.optional;
import static io.optim4rl.jobs.warehouse.Column.required;
import static io.optim4rl.jobs.warehouse.ColumnType.BOOLEAN;
import static io.optim4rl.jobs.warehouse.ColumnType.DOUBLE;
import static io.optim4rl.jobs.warehouse.ColumnType.DOUBLE_ARRAY;
import static io.optim4rl.jobs.warehouse.ColumnType.INT;
import static io.optim4rl.jobs.warehouse.ColumnType.LONG;
import static io.optim4rl.jobs.warehouse.ColumnType.STRING;
import static io.optim4rl.jobs.warehouse.ColumnType.TIMESTAMP;

import java.util.List;

/** The result tables (ARCHITECTURE 5) and their schemas, as constants checked by tests against what is written. */
public final class Tables {

  private Tables() {}

  /**
   * One row per run. A column per configuration key (snake_case of its path, e.g.
   * {@code optimizer_learning_rate}) follows these fixed columns; read with {@code mergeSchema} to see
   * the columns of every kind of experiment. {@code sweep_json} holds the run's sweep-axis values.
   * {@code vector_lanes} is the float lanes of the learned optimizer's vector kernel on the JVM that wrote the
   * row (8 with AVX2, 16 with AVX-512; null in rows of older versions): meta-training results depend on it.
   */
  public static final TableSchema RUNS = new TableSchema("runs", List.of(
      required("run_id", STRING),
      required("kind", STRING),
      required("config_json", STRING),
      required("sweep_json", STRING),
      required("seed", LONG),
      required("code_version", STRING),
      required("backend", STRING),
      required("status", STRING),
      optional("error", STRING),
      optional("final_return", DOUBLE),
      required("started_at", TIMESTAMP),
      optional("finished_at", TIMESTAMP),
      optional("wall_seconds", DOUBLE),
      optional("vector_lanes", INT)));

  /** One row per logged iteration of an agent's training (REFERENCE 3.4). */
  public static final TableSchema RETURNS = new TableSchema("returns", List.of(
      required("run_id", STRING),
      required("task", STRING),
      required("optimizer", STRING),
      required("seed", LONG),
      required("iteration", LONG),
      required("env_steps", LONG),
      required("episode_return", DOUBLE),
      required("episodes", LONG)));

  /** One row per outer iteration and task of a meta-training run (the reference logs none). */
  public static final TableSchema META_STEPS = new TableSchema("meta_steps", List.of(
      required("run_id", STRING),
      required("iteration", LONG),
      required("task", STRING),
      required("env_steps", LONG),
      required("meta_loss", DOUBLE),
      required("meta_grad_norm", DOUBLE),
      optional("mean_return", DOUBLE),
      required("episodes", LONG),
      required("resets", LONG),
      required("nan_events", LONG),
      required("seconds", DOUBLE)));

  /**
   * Saved meta-parameters: every {@code checkpointEvery} iterations and at the end of a meta-training run.
   * {@code sha256} is over the little-endian IEEE bytes of {@code meta_params}; {@code config_hash} is the
   * run id's hash of the resolved config; {@code final} marks the last checkpoint of a finished run.
   */
  public static final TableSchema CHECKPOINTS = new TableSchema("checkpoints", List.of(
      required("run_id", STRING),
      required("iteration", LONG),
      required("optimizer_kind", STRING),
      required("mlp_dims", STRING),
      required("format_version", INT),
      required("config_hash", STRING),
      required("num_params", LONG),
      required("meta_params", DOUBLE_ARRAY),
      optional("meta_optimizer_state", DOUBLE_ARRAY),
      required("sha256", STRING),
      required("is_final", BOOLEAN),
      required("created_at", TIMESTAMP)));

  /** One row per evaluation run: a fresh agent trained with a frozen learned optimizer or a baseline. */
  public static final TableSchema EVALUATIONS = new TableSchema("evaluations", List.of(
      required("eval_id", STRING),
      optional("checkpoint_run_id", STRING),
      optional("checkpoint_iteration", LONG),
      required("optimizer", STRING),
      required("learning_rate", DOUBLE),
      required("task", STRING),
      required("seed", LONG),
      optional("final_return", DOUBLE)));

  /** Over seeds, per (optimizer or checkpoint, task): mean, standard error (ddof 0), 90% bootstrap interval. */
  public static final TableSchema EVALUATION_SUMMARIES = new TableSchema("evaluation_summaries", List.of(
      required("optimizer", STRING),
      optional("checkpoint_run_id", STRING),
      optional("checkpoint_iteration", LONG),
      required("task", STRING),
      required("runs", LONG),
      required("mean", DOUBLE),
      required("standard_error", DOUBLE),
      required("ci_low", DOUBLE),
      required("ci_high", DOUBLE)));

  /**
   * One row per collected gradient entry (REFERENCE 7.1, 7.2): {@code source} is {@code rl} or {@code sl},
   * {@code step} the iteration (RL) or optimizer step (SL), {@code part} its 1-based part when the run's
   * collected steps are split into 30 contiguous parts (numpy array_split, REFERENCE 7.3), {@code coord} the
   * index in the flat canonical parameter vector, {@code grad} the averaged, unclipped gradient entry.
   */
  public static final TableSchema GRADIENTS = new TableSchema("gradients", List.of(
      required("run_id", STRING),
      required("source", STRING),
      required("task", STRING),
      required("step", LONG),
      required("part", INT),
      required("coord", LONG),
      required("grad", DOUBLE)));

  /**
   * Per run, stage and space: histogram counts (REFERENCE 7.1 bins). {@code space} is {@code raw} (g) or
   * {@code log10} (log10(|g| + 1e-8)); stages are the parts 1..30, stage 0 is every sample of the run.
   */
  public static final TableSchema GRADIENT_HISTOGRAMS = new TableSchema("gradient_histograms", List.of(
      required("run_id", STRING),
      required("source", STRING),
      required("task", STRING),
      required("stage", INT),
      required("space", STRING),
      required("bin_lo", DOUBLE),
      required("bin_hi", DOUBLE),
      required("count", LONG)));

  /** Per run, stage (1..30) and space: the exact 1-D Wasserstein distance W(stage, all) (REFERENCE 7.4). */
  public static final TableSchema GRADIENT_DISTANCES = new TableSchema("gradient_distances", List.of(
      required("run_id", STRING),
      required("source", STRING),
      required("task", STRING),
      required("stage", INT),
      required("space", STRING),
      required("wasserstein", DOUBLE)));

  /** Run statuses. */
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  /** Every table of the warehouse. */
  public static List<TableSchema> all() {
    return List.of(RUNS, RETURNS, META_STEPS, CHECKPOINTS, EVALUATIONS, EVALUATION_SUMMARIES, GRADIENTS,
        GRADIENT_HISTOGRAMS, GRADIENT_DISTANCES);
  }
}
