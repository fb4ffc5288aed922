package io.optim4rl.jobs.config;

import java.util.ArrayList;
import java.util.List;

/** The value types a configuration key can have, with type-directed coercion of YAML values. */
public enum ValueType {
  STRING("a string"),
  INT("an integer"),
  LONG("an integer"),
  DOUBLE("a number"),
  BOOLEAN("true or false"),
  INT_LIST("a list of integers, e.g. [16, 16] or []"),
  DOUBLE_LIST("a number or a list of numbers"),
  STRING_LIST("a name or a list of names");

  private final String description;

  ValueType(String description) {
    this.description = description;
  }

  /** What a value of this type looks like, for error messages. */
  public String description() {
    return description;
  }

  /**
   * Converts a parsed YAML value to this type. Numbers written as strings (SnakeYAML reads {@code 1e-3}
   * as a string) are accepted where a number is expected; integral doubles such as {@code 5e5} are
   * accepted where an integer is expected.
   *
   * @throws IllegalArgumentException with a short reason when the value does not fit
   */
  public Object coerce(Object raw) {
    if (raw == null) {
      throw new IllegalArgumentException("no value given; expected " + description);
    }
    switch (this) {
      case STRING:
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
          return raw.toString();
        }
        break;
      case INT:
        return Math.toIntExact(toLong(raw));
      case LONG:
        return toLong(raw);
      case DOUBLE:
        return toDouble(raw);
      case BOOLEAN:
        if (raw instanceof Boolean b) {
          return b;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
          return Boolean.parseBoolean(s);
        }
        break;
      case INT_LIST:
        return toList(raw, true);
      case DOUBLE_LIST:
        return toList(raw instanceof List<?> ? raw : List.of(raw), false);
      case STRING_LIST:
        if (raw instanceof List<?> names) {
          return names.stream().map(String::valueOf).toList();
        }
        if (raw instanceof String s) {
          return List.of(s);
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException("'" + raw + "' is not " + description);
  }

  private List<Object> toList(Object raw, boolean ints) {
    if (!(raw instanceof List<?> list)) {
      throw new IllegalArgumentException("'" + raw + "' is not " + description);
    }
    List<Object> out = new ArrayList<>();
    for (Object o : list) {
      out.add(ints ? (Object) Math.toIntExact(toLong(o)) : (Object) toDouble(o));
    }
    return List.copyOf(out);
  }

  private long toLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      return ((Number) raw).longValue();
    }
    double d = toDouble(raw);
    if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
      throw new IllegalArgumentException("'" + raw + "' is not " + description);
    }
    return (long) d;
  }

  private double toDouble(Object raw) {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    if (raw instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("'" + raw + "' is not " + description);
  }
}
