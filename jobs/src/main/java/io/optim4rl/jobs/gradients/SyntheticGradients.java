package io.optim4rl.jobs.gradients;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import io.optim4rl.analysis.gradients.ArraySplit;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Synthetic {@code gradients} rows for benchmarking {@code analyze gradients} at scale, generated and written
 * by Spark in parallel: one RL-like run of {@code rows / 400} steps x 400 coordinates, float32-rounded
 * Gaussian values whose scale drifts over the 30 parts (10^-4 to 10^-1) with 20% exact zeros.
 */
public final class SyntheticGradients {

  /** Coordinates per synthetic step. */
  public static final int COORDS = 400;

  private SyntheticGradients() {}

  /** Writes the rows (replacing the experiment's partition); returns the number written. */
  public static long write(SparkSession spark, Warehouse warehouse, String experiment, long rows, PrintStream out) {
    long steps = Math.max(ArraySplit.PAPER_PARTS, rows / COORDS);
    long n = steps * COORDS;
    long small = steps / ArraySplit.PAPER_PARTS;
    long extra = steps % ArraySplit.PAPER_PARTS;
    long bigSpan = extra * (small + 1);
    int partitions = (int) Math.max(2, n / 5_000_000);
    Dataset<Row> ids = spark.range(0, n, 1, partitions).toDF("id");
    Column step = col("id").divide(COORDS).cast(DataTypes.LongType);
    Column part = when(step.lt(bigSpan), step.divide(small + 1).cast(DataTypes.LongType).plus(1))
        .otherwise(step.minus(bigSpan).divide(small).cast(DataTypes.LongType).plus(extra + 1))
        .cast(DataTypes.IntegerType);
    Dataset<Row> withPart = ids.withColumn("step", step).withColumn("part", part);
    Column grad = when(rand(7).lt(0.2), lit(0.0)).otherwise(randn(11)
        .multiply(pow(lit(10.0), lit(-4.0).plus(col("part").multiply(3.0 / ArraySplit.PAPER_PARTS))))
        .cast(DataTypes.FloatType).cast(DataTypes.DoubleType));
    Dataset<Row> df = withPart.select(lit("synthetic").as("run_id"), lit("rl").as("source"),
        lit("synthetic").as("task"), col("step"), col("part"), col("id").mod(COORDS).multiply(100).as("coord"),
        grad.as("grad"));
    long t0 = System.nanoTime();
    df.write().mode(SaveMode.Overwrite).option("compression", "snappy")
        .parquet(warehouse.partitionDir(Tables.GRADIENTS.name(), experiment).toString());
    out.printf(Locale.ROOT, "wrote %,d synthetic gradient rows (%,d steps x %d coords) to %s in %.1f s%n", n, steps,
        COORDS, warehouse.partitionDir(Tables.GRADIENTS.name(), experiment), (System.nanoTime() - t0) / 1e9);
    return n;
  }
}
