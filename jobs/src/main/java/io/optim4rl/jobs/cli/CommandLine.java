package io.optim4rl.jobs.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parsed command line: {@code <command> [positional ...] [--option value ...] [--flag ...]}.
 * Options may be repeated ({@code --set}); {@code --opt=value} is accepted too.
 */
public final class CommandLine {

  /** Options that take a value. */
  private static final Set<String> VALUED = Set.of("conf", "set", "warehouse", "master", "format", "task", "envs",
      "seconds", "steps", "seed", "units", "iterations", "optimizer", "coords", "threads", "shards", "max-restarts", "rows",
      "experiment", "partitions", "out", "mlp-dims", "warmup-seconds");
  /** Options without a value. */
  private static final Set<String> FLAGS = Set.of("explain", "dry-run", "help", "resume", "verbose");

  private final List<String> positional;
  private final Map<String, List<String>> options;

  private CommandLine(List<String> positional, Map<String, List<String>> options) {
    this.positional = Collections.unmodifiableList(positional);
    this.options = options;
  }

  /** Parses {@code args}; unknown options fail with the list of known ones. */
  public static CommandLine parse(String[] args) {
    List<String> positional = new ArrayList<>();
    Map<String, List<String>> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h")) {
        a = "--help";
      }
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (FLAGS.contains(name)) {
        options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (VALUED.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException("option --" + name + " needs a value");
          }
          value = args[++i];
        }
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option --" + name + " (known: --" + String.join(", --", new TreeSet<>(VALUED))
            + ", --" + String.join(", --", new TreeSet<>(FLAGS)) + ")");
      }
    }
    return new CommandLine(positional, options);
  }

  /** Positional arguments; the first is the command. */
  public List<String> positional() {
    return positional;
  }

  /** The command, or null. */
  public String command() {
    return positional.isEmpty() ? null : positional.get(0);
  }

  /** The last value of {@code --name}, or {@code fallback}. */
  public String option(String name, String fallback) {
    List<String> v = options.get(name);
    return v == null ? fallback : v.get(v.size() - 1);
  }

  /** Every value of a repeatable option. */
  public List<String> options(String name) {
    return options.getOrDefault(name, List.of());
  }

  public boolean flag(String name) {
    return options.containsKey(name);
  }

  /** An integer option. */
  public int intOption(String name, int fallback) {
    String v = option(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects an integer, got '" + v + "'");
    }
  }

  /** A number option. */
  public double doubleOption(String name, double fallback) {
    String v = option(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a number, got '" + v + "'");
    }
  }

  /** Fails if any option other than {@code allowed} was given. */
  public void allowOnly(String command, String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (String name : options.keySet()) {
      if (!ok.contains(name) && !name.equals("help") && !name.equals("master") && !name.equals("warehouse")) {
        throw new UsageException("option --" + name + " does not apply to '" + command + "'");
      }
    }
  }
}
