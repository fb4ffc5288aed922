package io.optim4rl.jobs.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An experiment file: a {@code base:} block of key values and a {@code sweep:} block of named axes,
 * each axis a key path with a list of values. {@code --set key=value} overrides any key, and replaces
 * the axis when the key is swept. Everything is validated against a {@link ConfigSchema} on load, before
 * anything runs.
 *
 * <pre>
 * experiment: a2c_catch          # optional; defaults to the file name without .yaml
 * command: train                 # optional; train, meta-train or evaluate (what {@code sweep} runs)
 * agent: ppo                      # optional; a2c (default) or ppo: the keys of that agent's commands
 * base:
 *   task: catch
 *   optimizer: {name: adam, learningRate: 1e-3}
 * sweep:
 *   optimizer.name: [rmsprop, adam]
 *   seed: [1, 2, 3]
 * </pre>
 */
public final class ExperimentConfig {

  private static final Set<String> TOP_LEVEL = Set.of("experiment", "command", "agent", "description", "base",
      "sweep");
  /** The agents a top-level {@code agent:} may name; a2c when absent. */
  private static final Set<String> AGENTS = Set.of("a2c", "ppo");

  private final String source;
  private final String experiment;
  private final ConfigSchema schema;
  private final Map<String, Object> base;
  private final Map<String, List<Object>> sweep;

  private ExperimentConfig(String source, String experiment, ConfigSchema schema, Map<String, Object> base,
      Map<String, List<Object>> sweep) {
    this.source = source;
    this.experiment = experiment;
    this.schema = schema;
    this.base = Collections.unmodifiableMap(base);
    this.sweep = Collections.unmodifiableMap(sweep);
  }

  /**
   * Loads and validates {@code file}, then applies the {@code key=value} overrides.
   *
   * @throws ConfigException on a missing or unreadable file, bad YAML, unknown key, wrong type or value
   */
  public static ExperimentConfig load(Path file, ConfigSchema schema, List<String> overrides) {
    String source = file.toString();
    Object doc;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      doc = new Yaml(new LoaderOptions()).load(r);
    } catch (NoSuchFileException e) {
      throw new ConfigException(source + ": config file not found (give an existing YAML file with --conf; "
          + "the experiments of the paper are in conf/)");
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read config file: " + e.getMessage());
    } catch (YAMLException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
    }
    String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return parse(source, stem, doc == null ? Map.of() : doc, schema, overrides);
  }

  /**
   * The value of the file's top-level {@code command:} key, or null when it has none (or is not a mapping;
   * {@link #load} reports that properly).
   */
  public static String declaredCommand(Path file) {
    if (!Files.exists(file)) {
      throw new ConfigException(file + ": config file not found (give an existing YAML file with --conf; "
          + "the experiments of the paper are in conf/)");
    }
    return topLevelValue(file, "command");
  }

  /**
   * The value of the file's top-level {@code agent:} key ({@code a2c} or {@code ppo}, which decides the
   * train and evaluate schemas), or null when it has none.
   */
  public static String declaredAgent(Path file) {
    return topLevelValue(file, "agent");
  }

  /**
   * A top-level key's value as text, or null when the file has no such key, is not a mapping, or cannot be
   * read or parsed ({@link #load} reports those properly).
   */
  private static String topLevelValue(Path file, String key) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object doc = new Yaml(new LoaderOptions()).load(r);
      return doc instanceof Map<?, ?> m && m.get(key) != null ? String.valueOf(m.get(key)) : null;
    } catch (IOException | YAMLException e) {
      return null;
    }
  }

  /** Parses an already-loaded YAML document (used by {@link #load} and by tests). */
  public static ExperimentConfig parse(String source, String defaultExperiment, Object doc, ConfigSchema schema,
      List<String> overrides) {
    if (!(doc instanceof Map<?, ?> top)) {
      throw new ConfigException(source + ": the top level must be a mapping with 'base:' and 'sweep:' blocks");
    }
    for (Object k : top.keySet()) {
      if (!TOP_LEVEL.contains(String.valueOf(k))) {
        throw ConfigException.at(source, String.valueOf(k), "unknown top-level key (allowed: " + TOP_LEVEL
            + "; put run settings under 'base:' and swept ones under 'sweep:')");
      }
    }
    Object command = top.get("command");
    // collect's keys are train's plus a collection block: a train config can be collected from as it is
    boolean collectFromTrain = schema.kind().equals("collect") && "train".equals(String.valueOf(command));
    if (command != null && !String.valueOf(command).equals(schema.kind()) && !collectFromTrain) {
      throw ConfigException.at(source, "command", "this is a '" + command + "' config, not a '" + schema.kind()
          + "' one: run it with bin/optim4rl " + command + " --conf " + source + " (or bin/optim4rl sweep --conf "
          + source + ")");
    }
    Object agent = top.get("agent");
    if (agent != null && !AGENTS.contains(String.valueOf(agent))) {
      throw ConfigException.at(source, "agent", "'" + agent + "' is not one of " + new java.util.TreeSet<>(AGENTS));
    }
    boolean ppoSchema = schema.keys().containsKey("agent");
    if ("ppo".equals(String.valueOf(agent)) != ppoSchema) {
      throw ConfigException.at(source, "agent", ppoSchema ? "a PPO schema needs the top-level 'agent: ppo'"
          : "PPO configs ('agent: ppo') are for the train, meta-train, evaluate and sweep commands, not "
          + schema.kind());
    }
    String experiment = top.get("experiment") == null ? defaultExperiment : String.valueOf(top.get("experiment"));
    Map<String, Object> base = new LinkedHashMap<>();
    Object baseBlock = top.get("base");
    if (baseBlock != null) {
      if (!(baseBlock instanceof Map<?, ?> bm)) {
        throw ConfigException.at(source, "base", "must be a mapping of keys to values");
      }
      flatten(source, "", bm, schema, base);
    }
    Map<String, List<Object>> sweep = new LinkedHashMap<>();
    Object sweepBlock = top.get("sweep");
    if (sweepBlock != null) {
      if (!(sweepBlock instanceof Map<?, ?> sm)) {
        throw ConfigException.at(source, "sweep", "must be a mapping of key paths to lists of values");
      }
      for (Map.Entry<?, ?> e : sm.entrySet()) {
        String path = String.valueOf(e.getKey());
        if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
          throw ConfigException.at(source, path, "a sweep axis must be a non-empty list of values");
        }
        List<Object> typed = new ArrayList<>();
        for (Object v : values) {
          typed.add(axisValue(source, path, v, schema));
        }
        sweep.put(path, List.copyOf(typed));
      }
    }
    for (String o : overrides) {
      experiment = applyOverride(o, schema, base, sweep, experiment);
    }
    if (!experiment.matches("[A-Za-z0-9_.-]+")) {
      throw ConfigException.at(source, "experiment", "'" + experiment + "' may contain only letters, digits, _ . -");
    }
    ExperimentConfig cfg = new ExperimentConfig(source, experiment, schema, base, sweep);
    cfg.expand(); // validates every combination now, before anything runs
    return cfg;
  }

  /**
   * One value of an axis: a plain value of the key {@code path}, or, for a grouped axis, a mapping of
   * keys under the prefix {@code path} set together (for example {@code metaOptimizer: [{gradNorm: 0.5},
   * {gradClip: 1.0}]}), kept as a map from full key paths to typed values.
   */
  private static Object axisValue(String source, String path, Object v, ConfigSchema schema) {
    if (v instanceof Map<?, ?> group && !schema.keys().containsKey(path)) {
      Map<String, Object> typed = new LinkedHashMap<>();
      flatten(source + " (sweep)", path + ".", group, schema, typed);
      return new Group(typed);
    }
    return schema.key(source, path).validate(source + " (sweep)", v);
  }

  /** The value of a grouped axis: several keys set together. */
  record Group(Map<String, Object> values) {
    Group {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  private static void flatten(String source, String prefix, Map<?, ?> m, ConfigSchema schema, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String path = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested && !schema.keys().containsKey(path)) {
        flatten(source, path + ".", nested, schema, out);
      } else {
        out.put(path, schema.key(source, path).validate(source, e.getValue()));
      }
    }
  }

  private static String applyOverride(String assignment, ConfigSchema schema, Map<String, Object> base,
      Map<String, List<Object>> sweep, String experiment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("--set " + assignment + ": expected key=value, for example --set seed=3");
    }
    String path = assignment.substring(0, eq).trim();
    String text = assignment.substring(eq + 1).trim();
    Object raw;
    try {
      raw = text.isEmpty() ? "" : new Yaml(new LoaderOptions()).load(text);
    } catch (YAMLException e) {
      throw ConfigException.at("--set", path, "cannot parse value '" + text + "': " + e.getMessage());
    }
    if (path.equals("experiment")) {
      return String.valueOf(raw);
    }
    ConfigKey key = schema.key("--set", path);
    boolean listKey = key.type() == ValueType.INT_LIST || key.type() == ValueType.DOUBLE_LIST
        || key.type() == ValueType.STRING_LIST;
    if (raw instanceof List<?> values && !listKey) {
      // --set seed=[1,2,3] makes (or replaces) a sweep axis
      if (values.isEmpty()) {
        throw ConfigException.at("--set", path, "a sweep axis must be a non-empty list of values");
      }
      List<Object> typed = new ArrayList<>();
      for (Object v : values) {
        typed.add(key.validate("--set", v));
      }
      base.remove(path);
      sweep.put(path, List.copyOf(typed));
      return experiment;
    }
    base.put(path, key.validate("--set", raw));
    sweep.remove(path);
    for (Map.Entry<String, List<Object>> axis : sweep.entrySet()) {
      for (Object v : axis.getValue()) {
        if (v instanceof Group g && g.values().containsKey(path)) {
          throw ConfigException.at("--set", path, "is set by the grouped sweep axis '" + axis.getKey()
              + "'; edit that axis in the file instead");
        }
      }
    }
    return experiment;
  }

  /** The experiment name. */
  public String experiment() {
    return experiment;
  }

  /** Where the configuration came from (the file path). */
  public String source() {
    return source;
  }

  public ConfigSchema schema() {
    return schema;
  }

  /** The sweep axes (key path to its values), in file order. */
  public Map<String, List<Object>> sweepAxes() {
    return sweep;
  }

  /** The base values given (before defaults). */
  public Map<String, Object> base() {
    return base;
  }

  /** The cartesian product of the sweep axes over the base, every run fully resolved and validated. */
  public List<RunSpec> expand() {
    List<String> axes = new ArrayList<>(sweep.keySet());
    List<RunSpec> runs = new ArrayList<>();
    int[] index = new int[axes.size()];
    while (true) {
      Map<String, Object> values = new LinkedHashMap<>(base);
      Map<String, Object> sweepValues = new LinkedHashMap<>();
      for (int a = 0; a < axes.size(); a++) {
        Object v = sweep.get(axes.get(a)).get(index[a]);
        if (v instanceof Group g) {
          values.putAll(g.values());
          sweepValues.putAll(g.values());
        } else {
          values.put(axes.get(a), v);
          sweepValues.put(axes.get(a), v);
        }
      }
      String where = sweepValues.isEmpty() ? source : source + " (sweep point " + sweepValues + ")";
      runs.add(RunSpec.of(experiment, schema.kind(), schema.complete(where, values), sweepValues));
      int a = axes.size() - 1;
      while (a >= 0 && ++index[a] == sweep.get(axes.get(a)).size()) {
        index[a] = 0;
        a--;
      }
      if (a < 0) {
        return runs;
      }
    }
  }
}
