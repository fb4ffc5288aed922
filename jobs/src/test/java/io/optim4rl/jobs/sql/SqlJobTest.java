package io.optim4rl.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.TestSpark;
import io.optim4rl.jobs.cli.TablePrinter;
import io.optim4rl.jobs.cli.UsageException;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlJobTest {

  @TempDir Path dir;

  /** A schema of run_id and one more column. */
  private static StructType runIdAnd(String column, DataType type) {
    return new StructType().add("run_id", DataTypes.StringType).add(column, type);
  }

  /** One row into the experiment folder of a table, with Spark (as an older version might have written it). */
  private static void write(Path table, String experiment, StructType schema, Object... row) {
    TestSpark.get().createDataFrame(List.of(RowFactory.create(row)), schema).write().mode(SaveMode.Overwrite)
        .parquet(table.resolve("experiment=" + experiment).toString());
  }

  @Test
  void experimentFoldersWithAnotherColumnTypeAreLeftOutWithAWarningNamingFolderAndColumn() {
    SparkSession spark = TestSpark.get();
    Path runs = dir.resolve("runs");
    StructType asLong = runIdAnd("seed", DataTypes.LongType);
    StructType asString = runIdAnd("seed", DataTypes.StringType);
    write(runs, "new", asLong, "r1", 1L);
    write(runs, "old", asString, "r0", "1");
    // a per-config column (not in the fixed schema) on which the folders disagree: the majority wins
    StructType lrDouble = runIdAnd("lr", DataTypes.DoubleType);
    StructType lrString = runIdAnd("lr", DataTypes.StringType);
    write(runs, "new2", lrDouble, "r2", 0.1);
    write(runs, "new3", lrDouble, "r3", 0.2);
    write(runs, "odd", lrString, "r4", "0.3");
    Warehouse wh = new Warehouse(dir.toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> warnings = new ArrayList<>();
    SqlJob.run(spark, wh, "select run_id from runs order by run_id", TablePrinter.Format.CSV,
        new PrintStream(bytes, true, StandardCharsets.UTF_8), warnings::add);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("r1") && out.contains("r2") && out.contains("r3"), out);
    assertFalse(out.contains("r0") || out.contains("r4"), out);
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("experiment=odd") && warnings.get(0).contains("column lr is STRING there but"
        + " DOUBLE in most other experiments"), warnings.get(0));
    assertTrue(warnings.get(1).contains("experiment=old") && warnings.get(1).contains("column seed is STRING there but"
        + " BIGINT in the table's current schema"), warnings.get(1));
    assertTrue(Files.isDirectory(runs.resolve("experiment=old")), "nothing is moved or deleted");
  }

  @Test
  void aTableWithNoCompatibleFolderIsAClearError() {
    SparkSession spark = TestSpark.get();
    Path returns = dir.resolve("returns");
    StructType a = runIdAnd("seed", DataTypes.StringType);
    StructType b = runIdAnd("seed", DataTypes.DoubleType);
    write(returns, "a", a, "r0", "1");
    write(returns, "b", b, "r1", 1.0);
    Warehouse wh = new Warehouse(dir.toString());
    UsageException e = assertThrows(UsageException.class, () -> SqlJob.run(spark, wh, "select * from returns",
        TablePrinter.Format.CSV, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        w -> { }));
    assertTrue(e.getMessage().contains("table returns") && e.getMessage().contains("column seed"), e.getMessage());
  }
}
