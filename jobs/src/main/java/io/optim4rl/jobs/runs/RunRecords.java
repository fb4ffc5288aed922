package io.optim4rl.jobs.runs;

import io.optim4rl.jobs.Provenance;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.warehouse.Column;
import io.optim4rl.jobs.warehouse.ColumnType;
import io.optim4rl.jobs.warehouse.TableSchema;
import io.optim4rl.jobs.warehouse.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code runs} row of a run: the fixed columns of {@link Tables#RUNS}, then one column per
 * configuration key (snake_case of its path, e.g. {@code optimizer_learning_rate}), so every sweep axis and
 * every other setting can be filtered and grouped on in SQL. A key's column type follows its value type,
 * the same in every experiment.
 */
public final class RunRecords {

  private RunRecords() {}

  /** The runs schema of this run: fixed columns then one column per configuration key. */
  public static TableSchema runsSchema(RunSpec spec) {
    List<Column> extra = new ArrayList<>();
    for (Map.Entry<String, Object> e : spec.config().entrySet()) {
      String name = Column.snakeCase(e.getKey());
      if (!name.equals(TableSchema.PARTITION_COLUMN)) {
        extra.add(Column.optional(name, ColumnType.forValue(e.getValue())));
      }
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
    row[3] = RunSpec.canonicalJson(spec.sweepValues());
    row[4] = ((Number) spec.config().getOrDefault("seed", 0L)).longValue();
    row[5] = Provenance.codeVersion();
    row[6] = Provenance.backend();
    row[7] = status;
    row[8] = error;
    row[9] = finalReturn;
    row[10] = startedMicros;
    row[11] = finishedMicros;
    row[12] = finishedMicros == null ? null : (finishedMicros - startedMicros) / 1e6;
    for (int i = Tables.RUNS.columns().size(); i < row.length; i++) {
      row[i] = configValue(spec, schema.columns().get(i).name());
    }
    return row;
  }

  private static Object configValue(RunSpec spec, String column) {
    for (Map.Entry<String, Object> e : spec.config().entrySet()) {
      if (Column.snakeCase(e.getKey()).equals(column)) {
        Object v = e.getValue();
        return v instanceof Number || v instanceof Boolean || v instanceof String ? v : RunSpec.canonicalJson(v);
      }
    }
    throw new IllegalStateException("no config value for column " + column);
  }
}
