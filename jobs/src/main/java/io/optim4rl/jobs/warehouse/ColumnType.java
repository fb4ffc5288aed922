package io.optim4rl.jobs.warehouse;

/** Column types of the result tables, with their Parquet and Spark SQL counterparts. */
public enum ColumnType {
  STRING,
  LONG,
  INT,
  DOUBLE,
  BOOLEAN,
  /** Microseconds since the epoch, UTC (Parquet TIMESTAMP(MICROS, UTC), Spark TimestampType). */
  TIMESTAMP,
  /** A list of doubles (Parquet LIST, Spark ArrayType(DoubleType)). */
  DOUBLE_ARRAY;

  /** The column type for a configuration value of this Java class (used for sweep-axis columns). */
  public static ColumnType forValue(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      return LONG;
    }
    if (v instanceof Number) {
      return DOUBLE;
    }
    if (v instanceof Boolean) {
      return BOOLEAN;
    }
    return STRING;
  }
}
