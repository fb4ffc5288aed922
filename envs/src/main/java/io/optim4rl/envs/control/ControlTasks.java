package io.optim4rl.envs.control;

import io.optim4rl.envs.control.mujoco.MujocoTasks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The registry of continuous-control task names: the pure-Java {@code pendulum} swing-up and the MuJoCo
 * locomotion tasks ({@link MujocoTasks}: ant, humanoid, inverted_double_pendulum, walker2d). Sizes are
 * answered without building an environment (and without the MuJoCo library).
 */
public final class ControlTasks {

  /** The pure-Java pendulum swing-up. */
  public static final String PENDULUM = "pendulum";

  private static final List<String> NAMES;

  static {
    List<String> names = new ArrayList<>(MujocoTasks.names());
    names.add(PENDULUM);
    Collections.sort(names);
    NAMES = List.copyOf(names);
  }

  private ControlTasks() {}

  /** Every continuous-control task name, sorted. */
  public static List<String> names() {
    return NAMES;
  }

  /** Whether {@code name} is a continuous-control task. */
  public static boolean isKnown(String name) {
    return NAMES.contains(name);
  }

  /**
   * Builds instances {@code firstIndex .. firstIndex + numEnvs - 1} of a task, all reset; instance {@code i}
   * draws from {@code Seeds.stream(seed, "env", firstIndex + i)}. Close the result (MuJoCo holds native
   * memory).
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
   * @throws io.optim4rl.envs.control.mujoco.MujocoUnavailableException for a MuJoCo task without the library
   */
  public static ContinuousVecEnv create(String name, int numEnvs, int firstIndex, long seed) {
    check(name);
    return name.equals(PENDULUM) ? new PendulumVecEnv(numEnvs, firstIndex, seed)
        : MujocoTasks.create(name, numEnvs, firstIndex, seed);
  }

  /** Floats in one observation of {@code name}. */
  public static int observationSize(String name) {
    check(name);
    return name.equals(PENDULUM) ? 3 : MujocoTasks.observationSize(name);
  }

  /** Components of one action of {@code name}. */
  public static int actionSize(String name) {
    check(name);
    return name.equals(PENDULUM) ? 1 : MujocoTasks.actionSize(name);
  }

  private static void check(String name) {
    if (!isKnown(name)) {
      throw new IllegalArgumentException("unknown continuous-control task '" + name + "'; known: "
          + String.join(", ", NAMES));
    }
  }
}
