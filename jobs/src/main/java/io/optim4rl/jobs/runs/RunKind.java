package io.optim4rl.jobs.runs;

import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A kind of run the {@link RunDriver} executes one per Spark task ({@code train}, {@code meta-train}, ...).
 * Implementations are serializable (they are shipped to executors) and hold no Spark types beyond the
 * driver-side {@link #prepare} hook.
 */
public interface RunKind extends Serializable {

  /** The command name, for progress bars and job descriptions. */
  String name();

  /** The number of iterations of a run, for progress and ETA. */
  long iterations(RunSpec spec);

  /**
   * Driver-side preparation before the runs are shipped: for example the checkpoint each run resumes from.
   * Returns a payload per run id (absent = none).
   */
  default Map<String, Serializable> prepare(SparkSession spark, Warehouse warehouse, List<RunSpec> todo) {
    return Map.of();
  }

  /** Executes one run inside a Spark task and records it in the warehouse (never throws for a failed run). */
  RunOutcome execute(RunSpec spec, Warehouse warehouse, Serializable payload);

  /**
   * What a run will cost, for {@code --dry-run}: environment steps, the agent-parameter coordinates it
   * updates per step (all units for meta-training), and an estimate of the executor heap it needs.
   */
  record Cost(long envSteps, long coordinates, long heapMb) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The estimated cost of a run. */
  Cost cost(RunSpec spec);

  /** Header of the per-run summary table printed at the end. */
  List<String> summaryHeader();

  /** A summary row for a run and its outcome. */
  List<Object> summaryRow(RunSpec spec, RunOutcome outcome);
}
