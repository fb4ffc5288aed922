package io.optim4rl.jobs.warehouse;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Driver-side reads of the warehouse with Spark SQL. */
public final class WarehouseQueries {

  private WarehouseQueries() {}

  /** Ids of the runs of {@code experiment} whose {@code runs} row says completed. */
  public static Set<String> completedRunIds(SparkSession spark, Warehouse warehouse, String experiment) {
    Set<String> ids = new HashSet<>();
    if (!warehouse.hasTable(Tables.RUNS.name())) {
      return ids;
    }
    String dir = warehouse.partitionDir(Tables.RUNS.name(), experiment).toString();
    if (!warehouse.hasPartition(Tables.RUNS.name(), experiment)) {
      return ids;
    }
    for (Row r : spark.read().parquet(dir).where("status = '" + Tables.COMPLETED + "'").select("run_id")
        .collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }
}
