package io.optim4rl.jobs.warehouse;

import io.optim4rl.jobs.cli.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a whole warehouse table with Spark ({@code mergeSchema}: the union of the columns of every
 * experiment), and keeps the table readable when some experiment folders were written with another
 * type for a column (by an older version of optim4rl-spark, or by hand): those folders are left out,
 * each with a warning that names the folder, the column, both types and what to do. Nothing is moved or
 * deleted. A column's expected type is the table's fixed schema ({@link Tables}) or, for the per-config
 * columns, the type most experiment folders agree on. A fixed column that no file has yet (added by a newer
 * version) reads as nulls.
 */
public final class TableReader {

  /** Warnings to standard error, each line prefixed with "warning: ". */
  public static final Consumer<String> STDERR = line -> System.err.println("warning: " + line);

  private TableReader() {}

  /** The table {@code table} of {@code warehouse}; {@code warn} receives one line per folder left out. */
  public static Dataset<Row> read(SparkSession spark, Warehouse warehouse, String table, Consumer<String> warn) {
    return withMissingFixedColumns(readMerged(spark, warehouse, table, warn), fixedSchema(table));
  }

  /**
   * {@code data} with every column of {@code fixed} (the table's current fixed schema, or null) that it lacks
   * added as nulls of that column's type: a column added in a later version (such as {@code runs.vector_lanes})
   * can be queried in a warehouse whose files all predate it.
   */
  static Dataset<Row> withMissingFixedColumns(Dataset<Row> data, StructType fixed) {
    if (fixed == null) {
      return data;
    }
    Set<String> present = Set.of(data.columns());
    Dataset<Row> out = data;
    for (StructField f : fixed.fields()) {
      if (!present.contains(f.name())) {
        out = out.withColumn(f.name(), functions.lit(null).cast(f.dataType()));
      }
    }
    return out;
  }

  private static Dataset<Row> readMerged(SparkSession spark, Warehouse warehouse, String table,
      Consumer<String> warn) {
    String dir = warehouse.tableDir(table).toString();
    try {
      return spark.read().option("mergeSchema", "true").parquet(dir);
    } catch (Exception e) { // Spark throws its (checked) SparkException undeclared
      if (!isSchemaConflict(e)) {
        throw unchecked(e);
      }
    }
    Map<String, StructType> schemas = new LinkedHashMap<>();
    Map<String, String> leftOut = new TreeMap<>();
    for (Path folder : experimentFolders(warehouse, table)) {
      try {
        schemas.put(folder.toString(), spark.read().option("mergeSchema", "true").parquet(folder.toString()).schema());
      } catch (Exception e) {
        if (!isSchemaConflict(e)) {
          throw unchecked(e);
        }
        leftOut.put(folder.toString(), "its files disagree on a column type: " + firstLine(e));
      }
    }
    StructType fixed = fixedSchema(table);
    Map<String, DataType> expected = expectedTypes(fixed, schemas);
    List<String> kept = new ArrayList<>();
    for (Map.Entry<String, StructType> s : schemas.entrySet()) {
      String conflict = null;
      for (StructField f : s.getValue().fields()) {
        DataType want = expected.get(f.name());
        if (want != null && !want.equals(f.dataType())) {
          conflict = "column " + f.name() + " is " + f.dataType().sql() + " there but " + want.sql()
              + (fixed != null && fixed.getFieldIndex(f.name()).isDefined() ? " in the table's current schema"
              : " in most other experiments");
          break;
        }
      }
      if (conflict == null) {
        kept.add(s.getKey());
      } else {
        leftOut.put(s.getKey(), conflict);
      }
    }
    for (Map.Entry<String, String> e : leftOut.entrySet()) {
      warn.accept("table " + table + ": left out " + e.getKey() + " (" + e.getValue() + "); it was probably "
          + "written by an older optim4rl-spark. To query it, move that folder into another warehouse folder "
          + "and query it there, or re-run its experiment.");
    }
    if (kept.isEmpty()) {
      throw new UsageException("table " + table + " in " + warehouse.root() + ": no experiment folder has the "
          + "table's current column types (" + String.join("; ", leftOut.values()) + "); move the folders into "
          + "another warehouse folder or re-run the experiments");
    }
    return spark.read().option("mergeSchema", "true").option("basePath", dir).parquet(kept.toArray(String[]::new));
  }

  /** Whether {@code e} (or a cause) is Spark's failure to merge two parquet schemas. */
  static boolean isSchemaConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("CANNOT_MERGE") || m.contains("Failed merging schema") || m.contains("Failed to merge")) {
        return true;
      }
    }
    return false;
  }

  /** Per column: its type in {@code fixed} (the table's fixed schema, or null), else the most common one. */
  private static Map<String, DataType> expectedTypes(StructType fixed, Map<String, StructType> schemas) {
    Map<String, Map<DataType, Integer>> votes = new HashMap<>();
    for (StructType s : schemas.values()) {
      for (StructField f : s.fields()) {
        votes.computeIfAbsent(f.name(), k -> new LinkedHashMap<>()).merge(f.dataType(), 1, Integer::sum);
      }
    }
    Map<String, DataType> expected = new HashMap<>();
    for (Map.Entry<String, Map<DataType, Integer>> v : votes.entrySet()) {
      expected.put(v.getKey(), fixed != null && fixed.getFieldIndex(v.getKey()).isDefined()
          ? fixed.apply(v.getKey()).dataType()
          : v.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
    }
    return expected;
  }

  /** The fixed schema of {@code table} ({@link Tables}), or null for a table this version does not write. */
  private static StructType fixedSchema(String table) {
    for (TableSchema t : Tables.all()) {
      if (t.name().equals(table)) {
        return t.sparkType();
      }
    }
    return null;
  }


  private static List<Path> experimentFolders(Warehouse warehouse, String table) {
    Path dir = warehouse.tableDir(table);
    try {
      FileSystem fs = Warehouse.fileSystem(dir);
      List<Path> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        String n = s.getPath().getName();
        if (s.isDirectory() && n.startsWith(TableSchema.PARTITION_COLUMN + "=")) {
          out.add(s.getPath());
        }
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static RuntimeException unchecked(Exception e) {
    return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
  }

  private static String firstLine(Throwable e) {
    return String.valueOf(e.getMessage()).split("\n")[0];
  }
}
