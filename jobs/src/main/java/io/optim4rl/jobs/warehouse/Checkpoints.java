package io.optim4rl.jobs.warehouse;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
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
    Dataset<Row> ck = TableReader.read(spark, warehouse, Tables.CHECKPOINTS.name(), TableReader.STDERR);
    Dataset<Row> joined = ck;
    if (warehouse.hasTable(Tables.RUNS.name())) {
      Dataset<Row> runs = TableReader.read(spark, warehouse, Tables.RUNS.name(), TableReader.STDERR);
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

  /**
   * The run's checkpoint with the highest iteration among those written at or after {@code notBeforeMicros},
   * read without Spark (inside tasks), or null.
   */
  public static Checkpoint latest(Warehouse warehouse, String experiment, String runId, long notBeforeMicros) {
    List<String> files = new ArrayList<>(warehouse.listFiles(Tables.CHECKPOINTS.name(), experiment, runId + "-"));
    java.util.Collections.reverse(files); // names end with the zero-padded iteration
    for (String f : files) {
      for (Group g : warehouse.readFile(Tables.CHECKPOINTS.name(), experiment, f)) {
        if (g.getLong("created_at", 0) >= notBeforeMicros) {
          return fromGroup(experiment, g);
        }
      }
    }
    return null;
  }

  /** The run's checkpoint at {@code iteration}, read without Spark, or null. */
  public static Checkpoint at(Warehouse warehouse, String experiment, String runId, long iteration) {
    List<Group> rows = warehouse.readFile(Tables.CHECKPOINTS.name(), experiment,
        runId + "-" + String.format("%08d", iteration));
    return rows.isEmpty() ? null : fromGroup(experiment, rows.get(0));
  }

  private static Checkpoint fromGroup(String experiment, Group g) {
    double[] state = g.getFieldRepetitionCount("meta_optimizer_state") == 0 ? null
        : doubles(g.getGroup("meta_optimizer_state", 0));
    return new Checkpoint(g.getString("run_id", 0), experiment, g.getLong("iteration", 0),
        g.getString("optimizer_kind", 0), parseDims(g.getString("mlp_dims", 0)), g.getInteger("format_version", 0),
        g.getString("config_hash", 0), doubles(g.getGroup("meta_params", 0)), state, g.getString("sha256", 0),
        g.getBoolean("is_final", 0));
  }

  private static double[] doubles(Group list) {
    int n = list.getFieldRepetitionCount("list");
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = list.getGroup("list", i).getDouble("element", 0);
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
