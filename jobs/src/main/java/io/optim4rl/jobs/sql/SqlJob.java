package io.optim4rl.jobs.sql;

import io.optim4rl.jobs.cli.TablePrinter;
import io.optim4rl.jobs.cli.UsageException;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code sql}: registers every table of the warehouse as a view and prints the result of a query. */
public final class SqlJob {

  private SqlJob() {}

  /** Registers every table folder of {@code warehouse} as a temporary view named after it. */
  public static List<String> registerTables(SparkSession spark, Warehouse warehouse) {
    List<String> names = warehouse.tableNames();
    for (String table : names) {
      spark.read().option("mergeSchema", "true").parquet(warehouse.tableDir(table).toString())
          .createOrReplaceTempView(table);
    }
    return names;
  }

  /** Runs {@code query} and prints it in {@code format}. */
  public static void run(SparkSession spark, Warehouse warehouse, String query, TablePrinter.Format format,
      PrintStream out) {
    List<String> tables = registerTables(spark, warehouse);
    Dataset<Row> df;
    try {
      df = spark.sql(query);
    } catch (Exception e) { // Spark's AnalysisException is a checked exception thrown without declaration
      if (e instanceof AnalysisException) {
        throw new UsageException("query failed: " + e.getMessage().split("\n")[0] + " (tables in "
            + warehouse.root() + ": " + (tables.isEmpty() ? "none yet; run a job first" : String.join(", ", tables))
            + ")");
      }
      if (e.getClass().getSimpleName().contains("ParseException")) {
        throw new UsageException("query does not parse: " + e.getMessage().split("\n")[0]);
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    List<String> header = List.of(df.columns());
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      List<Object> vals = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        vals.add(v instanceof scala.collection.Iterable<?> || v instanceof Row ? v.toString() : v);
      }
      rows.add(vals);
    }
    TablePrinter.print(out, format, header, rows);
  }
}
