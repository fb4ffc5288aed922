package io.optim4rl.jobs.warehouse;

import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;

/** Converts a row of Java values to a Parquet example {@link Group}, checking it against the schema. */
final class ParquetRows {

  private ParquetRows() {}

  static Group toGroup(TableSchema schema, SimpleGroupFactory factory, Object[] row) {
    List<Column> cols = schema.columns();
    if (row.length != cols.size()) {
      throw new IllegalArgumentException("table " + schema.name() + " has " + cols.size() + " columns, row has "
          + row.length);
    }
    Group g = factory.newGroup();
    for (int i = 0; i < row.length; i++) {
      Column c = cols.get(i);
      Object v = row[i];
      if (v == null) {
        if (!c.nullable()) {
          throw new IllegalArgumentException("table " + schema.name() + ": column " + c.name() + " may not be null");
        }
        continue;
      }
      append(g, c, v);
    }
    return g;
  }

  private static void append(Group g, Column c, Object v) {
    String n = c.name();
    switch (c.type()) {
      case STRING -> g.append(n, v.toString());
      case LONG, TIMESTAMP -> g.append(n, ((Number) v).longValue());
      case INT -> g.append(n, ((Number) v).intValue());
      case DOUBLE -> g.append(n, ((Number) v).doubleValue());
      case BOOLEAN -> g.append(n, (Boolean) v);
      case DOUBLE_ARRAY -> {
        Group list = g.addGroup(n);
        for (double d : (double[]) v) {
          list.addGroup("list").append("element", d);
        }
      }
      default -> throw new IllegalStateException(c.type().toString());
    }
  }
}
