package io.optim4rl.jobs.warehouse;

/**
 * A column of a result table.
 *
 * @param name snake_case column name
 * @param type column type
 * @param nullable whether rows may leave it empty
 */
public record Column(String name, ColumnType type, boolean nullable) {

  public Column {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("column names are snake_case: " + name);
    }
  }

  public static Column required(String name, ColumnType type) {
    return new Column(name, type, false);
  }

  public static Column optional(String name, ColumnType type) {
    return new Column(name, type, true);
  }

  /** snake_case of a lowerCamel key path: {@code optimizer.learningRate} becomes {@code optimizer_learning_rate}. */
  public static String snakeCase(String keyPath) {
    StringBuilder sb = new StringBuilder();
    for (char c : keyPath.toCharArray()) {
      if (c == '.' || c == '-') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
