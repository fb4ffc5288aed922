package io.optim4rl.jobs.config;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One fully resolved run of an experiment: every key has a value. Its id is a hash of the kind and the
 * canonical JSON of the resolved configuration, so it is stable across re-submissions and independent
 * of the run's position in a sweep.
 *
 * @param runId first 16 hex digits of sha256(kind + "\n" + canonical JSON)
 * @param experiment experiment name (the partition of every result table)
 * @param kind experiment kind, for example {@code train}
 * @param config every key's value, sorted by path
 * @param sweepValues the values of this run's sweep axes, in axis order
 */
public record RunSpec(String runId, String experiment, String kind, Map<String, Object> config,
    Map<String, Object> sweepValues) implements Serializable {

  private static final long serialVersionUID = 1L;

  public RunSpec {
    config = Collections.unmodifiableMap(new TreeMap<>(config));
    sweepValues = Collections.unmodifiableMap(new LinkedHashMap<>(sweepValues));
  }

  /** Builds the spec and its id. */
  public static RunSpec of(String experiment, String kind, Map<String, Object> config, Map<String, Object> sweepValues) {
    Map<String, Object> withExperiment = new TreeMap<>(config);
    withExperiment.put("experiment", experiment);
    String id = hash(kind + "\n" + canonicalJson(withExperiment));
    return new RunSpec(id, experiment, kind, withExperiment, sweepValues);
  }

  /** The canonical JSON of the resolved configuration (sorted keys, canonical numbers). */
  public String configJson() {
    return canonicalJson(config);
  }

  /** Typed accessors. */
  public String string(String key) {
    return (String) require(key);
  }

  public int integer(String key) {
    return ((Number) require(key)).intValue();
  }

  public long longValue(String key) {
    return ((Number) require(key)).longValue();
  }

  public double number(String key) {
    return ((Number) require(key)).doubleValue();
  }

  private Object require(String key) {
    Object v = config.get(key);
    if (v == null) {
      throw new IllegalArgumentException("run " + runId + " has no key " + key);
    }
    return v;
  }

  /** JSON with object keys sorted and numbers printed canonically (integers as integers). */
  public static String canonicalJson(Object value) {
    StringBuilder sb = new StringBuilder();
    writeJson(sb, value);
    return sb.toString();
  }

  private static void writeJson(StringBuilder sb, Object v) {
    if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        writeString(sb, e.getKey().toString());
        sb.append(':');
        writeJson(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        writeJson(sb, list.get(i));
      }
      sb.append(']');
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        writeString(sb, Double.toString(d));
      } else {
        sb.append(Double.toString(d));
      }
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else {
      writeString(sb, String.valueOf(v));
    }
  }

  private static void writeString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", d[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
