package io.optim4rl.jobs.sql;

import io.optim4rl.jobs.cli.TablePrinter;
import io.optim4rl.jobs.cli.UsageException;
import io.optim4rl.jobs.warehouse.TableReader;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code sql}: registers every table of the warehouse as a view and prints the result of a query. */
public final class SqlJob {

  private SqlJob() {}

  /**
   * Registers every table folder of {@code warehouse} as a temporary view named after it; experiment
   * folders with other column types are left out with a warning on standard error ({@link TableReader}).
   */
  public static List<String> registerTables(SparkSession spark, Warehouse warehouse) {
    return registerTables(spark, warehouse, TableReader.STDERR);
  }

  /** {@link #registerTables(SparkSession, Warehouse)} with the warnings to {@code warn}. */
  public static List<String> registerTables(SparkSession spark, Warehouse warehouse, Consumer<String> warn) {
    List<String> names = warehouse.tableNames();
    for (String table : names) {
      TableReader.read(spark, warehouse, table, warn).createOrReplaceTempView(table);
    }
    return names;
  }

  /** Runs {@code query} and prints it in {@code format}. */
  public static void run(SparkSession spark, Warehouse warehouse, String query, TablePrinter.Format format,
      PrintStream out) {
    run(spark, warehouse, query, format, out, TableReader.STDERR);
  }

  /** {@link #run(SparkSession, Warehouse, String, TablePrinter.Format, PrintStream)}, warnings to {@code warn}. */
  public static void run(SparkSession spark, Warehouse warehouse, String query, TablePrinter.Format format,
      PrintStream out, Consumer<String> warn) {
    List<String> tables = registerTables(spark, warehouse, warn);
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
