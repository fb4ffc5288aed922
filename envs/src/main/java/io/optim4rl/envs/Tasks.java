package io.optim4rl.envs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of task names (REFERENCE 1.1 and 1.2): {@code catch} plus the eight gridworlds.
 *
 * <p>The repository's abbreviations are accepted as aliases: sss, ssl, sds, sdl, bss, bsl, bds, bdl
 * ({@code s}mall/{@code b}ig, {@code s}parse/{@code d}ense, {@code s}hort/{@code l}ong). A created
 * environment always reports the full name.
 */
public final class Tasks {

  private static final List<String> NAMES;
  private static final Map<String, String> ALIASES;

  static {
    List<String> names = new ArrayList<>();
    names.add(CatchVecEnv.NAME);
    Map<String, String> aliases = new TreeMap<>();
    for (GridworldSpec spec : GridworldSpec.all()) {
      names.add(spec.name());
      aliases.put(abbreviation(spec.name()), spec.name());
    }
    Collections.sort(names);
    NAMES = List.copyOf(names);
    ALIASES = Collections.unmodifiableMap(aliases);
  }

  private Tasks() {}

  /** The nine full task names, sorted. */
  public static List<String> names() {
    return NAMES;
  }

  /** Alias to full name, for example {@code bdl -> big_dense_long}. */
  public static Map<String, String> aliases() {
    return ALIASES;
  }

  /** Whether {@code name} is a full task name or an alias. */
  public static boolean isKnown(String name) {
    return name != null && (NAMES.contains(name) || ALIASES.containsKey(name));
  }

  /**
   * The full task name for a full name or an alias.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known names
   */
  public static String canonicalName(String name) {
    if (name != null && NAMES.contains(name)) {
      return name;
    }
    String full = name == null ? null : ALIASES.get(name);
    if (full == null) {
      throw new IllegalArgumentException("unknown task '" + name + "'; known tasks: "
          + String.join(", ", NAMES) + " (aliases: " + String.join(", ", ALIASES.keySet()) + ")");
    }
    return full;
  }

  /**
   * Builds {@code numEnvs} instances of a task, all reset.
   *
   * @param seed run seed; instance {@code i} uses {@code Seeds.stream(seed, "env", i)}
   * @param rewardScaling multiplies gridworld rewards (REFERENCE 1.1); ignored for catch (REFERENCE 1.2)
   */
  public static VecEnv create(String name, int numEnvs, long seed, double rewardScaling) {
    return create(name, numEnvs, 0, seed, rewardScaling);
  }

  /**
   * Builds instances {@code firstIndex .. firstIndex + numEnvs - 1} of a larger set (a shard of it): local
   * instance {@code i} uses {@code Seeds.stream(seed, "env", firstIndex + i)}, so a shard's environments
   * behave exactly as the same instances of the whole set.
   */
  public static VecEnv create(String name, int numEnvs, int firstIndex, long seed, double rewardScaling) {
    String full = canonicalName(name);
    if (full.equals(CatchVecEnv.NAME)) {
      return new CatchVecEnv(numEnvs, firstIndex, seed);
    }
    return new GridworldVecEnv(GridworldSpec.byName(full), numEnvs, firstIndex, seed, rewardScaling);
  }

  /** Observation shape of one instance, without building an environment. */
  public static int[] observationShape(String name) {
    String full = canonicalName(name);
    if (full.equals(CatchVecEnv.NAME)) {
      return CatchVecEnv.shape();
    }
    return GridworldSpec.byName(full).observationShape();
  }

  /** Number of discrete actions, without building an environment. */
  public static int numActions(String name) {
    String full = canonicalName(name);
    return full.equals(CatchVecEnv.NAME) ? CatchVecEnv.NUM_ACTIONS : GridworldVecEnv.NUM_ACTIONS;
  }

  /** First letters of the three words: {@code big_dense_long -> bdl}. */
  private static String abbreviation(String fullName) {
    StringBuilder sb = new StringBuilder();
    for (String word : fullName.split("_")) {
      sb.append(word.charAt(0));
    }
    return sb.toString();
  }
}
