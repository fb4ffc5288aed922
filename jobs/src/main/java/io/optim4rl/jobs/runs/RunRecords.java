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

  /**
   * The runs schema of this run: fixed columns then one column per configuration key. A list-valued key
   * (per-task values, MLP sizes) gets a {@code <name>_list} column holding its JSON and, so that a column
   * has one type in every experiment, a scalar {@code <name>} column: a single number as DOUBLE, or names
   * joined by commas (absent for longer number lists and empty lists).
   */
  public static TableSchema runsSchema(RunSpec spec) {
    List<Column> extra = new ArrayList<>();
    for (Map.Entry<String, Object> e : columnValues(spec).entrySet()) {
      extra.add(Column.optional(e.getKey(), ColumnType.forValue(e.getValue())));
    }
    return Tables.RUNS.with(extra);
  }

  /** Config values by column name (see {@link #runsSchema}); the partition column is left out. */
  private static Map<String, Object> columnValues(RunSpec spec) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Object> e : spec.config().entrySet()) {
      String name = Column.snakeCase(e.getKey());
      if (name.equals(TableSchema.PARTITION_COLUMN)) {
        continue;
      }
      Object v = e.getValue();
      if (v instanceof List<?> list) {
        out.put(name + "_list", RunSpec.canonicalJson(list));
        if (!list.isEmpty() && list.stream().allMatch(x -> x instanceof String)) {
          out.put(name, String.join(",", list.stream().map(String::valueOf).toList()));
        } else if (list.size() == 1 && list.get(0) instanceof Number n) {
          out.put(name, n.doubleValue()); // numbers from lists are always DOUBLE columns
        }
      } else {
        out.put(name, v);
      }
    }
    return out;
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
    row[13] = Provenance.vectorLanes();
    Map<String, Object> values = columnValues(spec);
    for (int i = Tables.RUNS.columns().size(); i < row.length; i++) {
      row[i] = values.get(schema.columns().get(i).name());
    }
    return row;
  }

}
