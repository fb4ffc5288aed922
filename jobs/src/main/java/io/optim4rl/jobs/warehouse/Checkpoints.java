package io.optim4rl.jobs.warehouse;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes checkpoints to and selects them from the {@code checkpoints} table (never by file path). */
public final class Checkpoints {

  private Checkpoints() {}

  /** Writes one checkpoint atomically (a checkpoint written again for the same iteration replaces it). */
  public static void write(Warehouse warehouse, Checkpoint c) {
    warehouse.writeAtomically(Tables.CHECKPOINTS, c.experiment(), c.fileName(),
        List.<Object[]>of(c.toRow(Warehouse.nowMicros())));
  }

  /**
   * The checkpoints matching a SQL predicate over the columns of {@code checkpoints} joined with the
   * run's row in {@code runs} (so sweep values such as {@code meta_optimizer_learning_rate} can be used),
   * for example {@code experiment = 'meta_rl_catch' AND is_final}. Ordered by run id and iteration.
   */
  public static List<Checkpoint> select(SparkSession spark, Warehouse warehouse, String predicate) {
    if (!warehouse.hasTable(Tables.CHECKPOINTS.name())) {
      return List.of();
    }
    Dataset<Row> ck = spark.read().parquet(warehouse.tableDir(Tables.CHECKPOINTS.name()).toString());
    Dataset<Row> joined = ck;
    if (warehouse.hasTable(Tables.RUNS.name())) {
      Dataset<Row> runs = spark.read().option("mergeSchema", "true")
          .parquet(warehouse.tableDir(Tables.RUNS.name()).toString());
      for (String c : ck.columns()) {
        if (!c.equals("run_id") && !c.equals(TableSchema.PARTITION_COLUMN)) {
          runs = runs.drop(c);
        }
      }
      joined = ck.join(runs.drop(TableSchema.PARTITION_COLUMN), "run_id");
    }
    Dataset<Row> rows = joined.where(predicate).orderBy("run_id", "iteration");
    List<Checkpoint> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      out.add(fromRow(r));
    }
    return out;
  }

  private static Checkpoint fromRow(Row r) {
    List<Double> params = r.getList(r.fieldIndex("meta_params"));
    double[] values = params.stream().mapToDouble(Double::doubleValue).toArray();
    int stateIdx = r.fieldIndex("meta_optimizer_state");
    double[] state = r.isNullAt(stateIdx) ? null
        : r.<Double>getList(stateIdx).stream().mapToDouble(Double::doubleValue).toArray();
    return new Checkpoint(r.getString(r.fieldIndex("run_id")), r.getString(r.fieldIndex(TableSchema.PARTITION_COLUMN)),
        r.getLong(r.fieldIndex("iteration")), r.getString(r.fieldIndex("optimizer_kind")),
        parseDims(r.getString(r.fieldIndex("mlp_dims"))), r.getInt(r.fieldIndex("format_version")),
        r.getString(r.fieldIndex("config_hash")), values, state, r.getString(r.fieldIndex("sha256")),
        r.getBoolean(r.fieldIndex("is_final")));
  }

  /** Parses "[16, 16]" or "[]". */
  static List<Integer> parseDims(String s) {
    String body = s.trim().replaceAll("^\\[|\\]$", "").trim();
    if (body.isEmpty()) {
      return List.of();
    }
    List<Integer> dims = new ArrayList<>();
    for (String p : body.split(",")) {
      dims.add(Integer.parseInt(p.trim()));
    }
    return List.copyOf(dims);
  }
}
