package io.optim4rl.jobs.config;

import java.util.List;
import java.util.function.Supplier;

/**
 * One documented, typed configuration key: its lowerCamel path (matching the config records), its type,
 * its default, a description for {@code --explain}, and its allowed values or range.
 */
public final class ConfigKey {

  private final String path;
  private final ValueType type;
  private final Object defaultValue;
  private final String description;
  private final Supplier<List<String>> allowed;
  private final double min;
  private final double max;
  private final boolean allowMinusOne;

  private ConfigKey(String path, ValueType type, Object defaultValue, String description,
      Supplier<List<String>> allowed, double min, double max, boolean allowMinusOne) {
    this.path = path;
    this.type = type;
    this.defaultValue = defaultValue == null ? null : type.coerce(defaultValue);
    this.description = description;
    this.allowed = allowed;
    this.min = min;
    this.max = max;
    this.allowMinusOne = allowMinusOne;
  }

  /** A key of the given type and default (null = required). */
  public static ConfigKey of(String path, ValueType type, Object defaultValue, String description) {
    return new ConfigKey(path, type, defaultValue, description, null,
        Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);
  }

  /** This key restricted to the given names (compared case-insensitively; stored in lower case). */
  public ConfigKey oneOf(Supplier<List<String>> names) {
    return new ConfigKey(path, type, defaultValue, description, names, min, max, allowMinusOne);
  }

  /** This key restricted to numbers (or list entries) in [lo, hi]. */
  public ConfigKey range(double lo, double hi) {
    return new ConfigKey(path, type, defaultValue, description, allowed, lo, hi, allowMinusOne);
  }

  /** This key additionally accepts -1, meaning "off". */
  public ConfigKey orMinusOne() {
    return new ConfigKey(path, type, defaultValue, description, allowed, min, max, true);
  }

  public String path() {
    return path;
  }

  public ValueType type() {
    return type;
  }

  /** The default, or null when the key is required. */
  public Object defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** What values are allowed, in words. */
  public String allowedText() {
    if (allowed != null) {
      return "one of " + allowed.get();
    }
    StringBuilder sb = new StringBuilder(type.description());
    if (min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY) {
      sb.append(" in [").append(fmt(min)).append(", ").append(fmt(max)).append(']');
    }
    if (allowMinusOne) {
      sb.append(", or -1 (off)");
    }
    return sb.toString();
  }

  /**
   * Coerces and validates a raw value from {@code source}.
   *
   * @throws ConfigException naming the source, the key, the value and what is allowed
   */
  public Object validate(String source, Object raw) {
    Object v;
    try {
      v = type.coerce(raw);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw ConfigException.at(source, path, "wrong type: " + e.getMessage() + " (allowed: " + allowedText() + ")");
    }
    if (allowed != null && v instanceof List<?> names) {
      List<String> out = new java.util.ArrayList<>();
      for (Object n : names) {
        out.add(checkAllowed(source, n));
      }
      return List.copyOf(out);
    }
    if (allowed != null) {
      return checkAllowed(source, v);
    }
    if (v instanceof Number n) {
      checkRange(source, n.doubleValue());
    } else if (v instanceof List<?> list && type != ValueType.STRING_LIST) {
      for (Object o : list) {
        checkRange(source, ((Number) o).doubleValue());
      }
    }
    return v;
  }

  private String checkAllowed(String source, Object v) {
    String s = v.toString().toLowerCase(java.util.Locale.ROOT);
    if (!allowed.get().contains(s)) {
      throw ConfigException.at(source, path, "unknown value '" + v + "' (allowed: " + allowedText() + ")");
    }
    return s;
  }

  private void checkRange(String source, double d) {
    if (allowMinusOne && d == -1) {
      return;
    }
    if (!(d >= min && d <= max)) {
      throw ConfigException.at(source, path, "value " + fmt(d) + " out of range (allowed: " + allowedText() + ")");
    }
  }

  private static String fmt(double d) {
    if (d == Double.POSITIVE_INFINITY) {
      return "inf";
    }
    if (d == Math.rint(d) && Math.abs(d) <= 9e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }
}
