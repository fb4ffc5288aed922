package io.optim4rl.jobs.train;

import io.optim4rl.jobs.Provenance;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.warehouse.Column;
import io.optim4rl.jobs.warehouse.ColumnType;
import io.optim4rl.jobs.warehouse.TableSchema;
import io.optim4rl.jobs.warehouse.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@code runs} row of a run: the fixed columns of {@link Tables#RUNS} plus one per sweep axis. */
public final class RunRecords {

  private RunRecords() {}

  /** The runs schema of this run's experiment: fixed columns then the sweep-axis columns. */
  public static TableSchema runsSchema(RunSpec spec) {
    List<Column> extra = new ArrayList<>();
    for (Map.Entry<String, Object> e : spec.sweepValues().entrySet()) {
      extra.add(Column.optional(Column.snakeCase(e.getKey()), ColumnType.forValue(e.getValue())));
    }
    return Tables.RUNS.with(extra);
  }

  /**
   * The row for {@code spec} in the given state.
   *
   * @param finalReturn mean of the last 20 logged returns, or null
   * @param finishedMicros end time, or null while running
   */
  public static Object[] row(RunSpec spec, String status, String error, Double finalReturn, long startedMicros,
      Long finishedMicros) {
    TableSchema schema = runsSchema(spec);
    Object[] row = new Object[schema.columns().size()];
    row[0] = spec.runId();
    row[1] = spec.kind();
    row[2] = spec.configJson();
    row[3] = ((Number) spec.config().getOrDefault("seed", 0L)).longValue();
    row[4] = Provenance.codeVersion();
    row[5] = Provenance.backend();
    row[6] = status;
    row[7] = error;
    row[8] = finalReturn;
    row[9] = startedMicros;
    row[10] = finishedMicros;
    row[11] = finishedMicros == null ? null : (finishedMicros - startedMicros) / 1e6;
    for (int i = Tables.RUNS.columns().size(); i < row.length; i++) {
      row[i] = sweepValue(spec, schema.columns().get(i).name());
    }
    return row;
  }

  private static Object sweepValue(RunSpec spec, String column) {
    for (Map.Entry<String, Object> e : spec.sweepValues().entrySet()) {
      if (Column.snakeCase(e.getKey()).equals(column)) {
        Object v = e.getValue();
        return v instanceof Number || v instanceof Boolean || v instanceof String ? v : String.valueOf(v);
      }
    }
    throw new IllegalStateException("no sweep value for column " + column);
  }

  /** Current time in microseconds since the epoch. */
  public static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }
}
