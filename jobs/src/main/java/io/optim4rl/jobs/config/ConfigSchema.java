package io.optim4rl.jobs.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The keys a kind of experiment accepts ({@code train}, later {@code meta-train}, ...), each typed,
 * documented and validated when it is set, plus checks that involve several keys.
 */
public final class ConfigSchema {

  private final String kind;
  private final Map<String, ConfigKey> keys;
  private final BiConsumer<String, Map<String, Object>> crossCheck;

  private ConfigSchema(String kind, Map<String, ConfigKey> keys, BiConsumer<String, Map<String, Object>> crossCheck) {
    this.kind = kind;
    this.keys = Collections.unmodifiableMap(keys);
    this.crossCheck = crossCheck;
  }

  /** A schema of the given keys; {@code crossCheck(source, resolved)} throws ConfigException on bad combinations. */
  public static ConfigSchema of(String kind, List<ConfigKey> keys, BiConsumer<String, Map<String, Object>> crossCheck) {
    Map<String, ConfigKey> map = new LinkedHashMap<>();
    for (ConfigKey k : keys) {
      if (map.put(k.path(), k) != null) {
        throw new IllegalArgumentException("duplicate key " + k.path());
      }
    }
    return new ConfigSchema(kind, map, crossCheck);
  }

  /** The experiment kind, for example {@code train}. */
  public String kind() {
    return kind;
  }

  /** All keys in documentation order. */
  public Map<String, ConfigKey> keys() {
    return keys;
  }

  /** The key at {@code path}, or a ConfigException naming the closest known keys. */
  public ConfigKey key(String source, String path) {
    ConfigKey k = keys.get(path);
    if (k == null) {
      throw ConfigException.at(source, path, "unknown key" + suggestion(path)
          + " (known keys: " + String.join(", ", keys.keySet()) + "; run with --explain for their meaning)");
    }
    return k;
  }

  /** Applies the defaults, checks that required keys are present and runs the cross-key checks. */
  public Map<String, Object> complete(String source, Map<String, Object> values) {
    Map<String, Object> out = new java.util.TreeMap<>();
    for (ConfigKey k : keys.values()) {
      Object v = values.containsKey(k.path()) ? values.get(k.path()) : k.defaultValue();
      if (v == null) {
        throw ConfigException.at(source, k.path(), "required key is missing (" + k.description()
            + "; allowed: " + k.allowedText() + ")");
      }
      out.put(k.path(), v);
    }
    crossCheck.accept(source, out);
    return Collections.unmodifiableMap(out);
  }

  /** A human-readable table of every key: path, type, default, allowed values, description. */
  public String explain(Map<String, Object> current) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Keys of a '%s' experiment:%n", kind));
    for (ConfigKey k : keys.values()) {
      Object cur = current == null ? null : current.get(k.path());
      sb.append(String.format(Locale.ROOT, "  %-28s %s%n", k.path(), k.description()));
      sb.append(String.format(Locale.ROOT, "  %-28s   allowed: %s; default: %s%s%n", "", k.allowedText(),
          k.defaultValue() == null ? "(required)" : k.defaultValue(),
          cur == null ? "" : "; value: " + cur));
    }
    return sb.toString();
  }

  private String suggestion(String path) {
    List<String> close = new ArrayList<>();
    for (String known : keys.keySet()) {
      if (distance(known.toLowerCase(Locale.ROOT), path.toLowerCase(Locale.ROOT)) <= 3
          || known.toLowerCase(Locale.ROOT).endsWith("." + path.toLowerCase(Locale.ROOT))) {
        close.add(known);
      }
    }
    return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
