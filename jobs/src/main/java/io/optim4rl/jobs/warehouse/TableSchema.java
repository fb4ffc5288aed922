package io.optim4rl.jobs.warehouse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of one result table: its name and columns. Tables are partitioned by experiment, which lives
 * in the directory name ({@code experiment=NAME}) rather than in the files, as Hive-style partitioning does.
 */
public final class TableSchema {

  /** The partition column every table has. */
  public static final String PARTITION_COLUMN = "experiment";

  private final String name;
  private final List<Column> columns;

  public TableSchema(String name, List<Column> columns) {
    this.name = name;
    this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
  }

  public String name() {
    return name;
  }

  public List<Column> columns() {
    return columns;
  }

  /** This schema with extra columns appended (for the per-experiment sweep-axis columns of {@code runs}). */
  public TableSchema with(List<Column> extra) {
    List<Column> all = new ArrayList<>(columns);
    for (Column c : extra) {
      if (all.stream().noneMatch(x -> x.name().equals(c.name()))) {
        all.add(c);
      }
    }
    return new TableSchema(name, all);
  }

  /** The index of the column called {@code column}. */
  public int indexOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException("table " + name + " has no column " + column);
  }

  /** The Parquet message type of the files (without the partition column). */
  public MessageType parquetType() {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : columns) {
      b.addField(parquetField(c));
    }
    return b.named(name);
  }

  private static Type parquetField(Column c) {
    Type.Repetition rep = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    switch (c.type()) {
      case STRING:
        return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(c.name());
      case LONG:
        return Types.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
      case INT:
        return Types.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
      case DOUBLE:
        return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
      case BOOLEAN:
        return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
      case TIMESTAMP:
        return Types.primitive(PrimitiveTypeName.INT64, rep)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.name());
      case DOUBLE_ARRAY:
        return Types.list(rep).optionalElement(PrimitiveTypeName.DOUBLE).named(c.name());
      default:
        throw new IllegalStateException(c.type().toString());
    }
  }

  /** The Spark schema of the table as read back, partition column last. */
  public StructType sparkType() {
    List<StructField> fields = new ArrayList<>();
    for (Column c : columns) {
      fields.add(DataTypes.createStructField(c.name(), sparkField(c.type()), true));
    }
    fields.add(DataTypes.createStructField(PARTITION_COLUMN, DataTypes.StringType, true));
    return DataTypes.createStructType(fields);
  }

  private static DataType sparkField(ColumnType t) {
    switch (t) {
      case STRING:
        return DataTypes.StringType;
      case LONG:
        return DataTypes.LongType;
      case INT:
        return DataTypes.IntegerType;
      case DOUBLE:
        return DataTypes.DoubleType;
      case BOOLEAN:
        return DataTypes.BooleanType;
      case TIMESTAMP:
        return DataTypes.TimestampType;
      case DOUBLE_ARRAY:
        return DataTypes.createArrayType(DataTypes.DoubleType, true);
      default:
        throw new IllegalStateException(t.toString());
    }
  }
}
