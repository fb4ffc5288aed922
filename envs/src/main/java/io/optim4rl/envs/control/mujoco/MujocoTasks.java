package io.optim4rl.envs.control.mujoco;

import java.util.List;
import java.util.function.Supplier;

/**
 * Factory of the MuJoCo locomotion tasks, the counterparts of the paper's Brax tasks (REFERENCE 1.3):
 * {@code ant} (action 8, observation 27), {@code humanoid} (21, 426), {@code inverted_double_pendulum}
 * (1, 11) and {@code walker2d} (6, 17). Episodes are truncated after {@value #EPISODE_LENGTH} control
 * steps. Names and sizes are answered without the native library; building an env needs it.
 */
public final class MujocoTasks {

  /** Control steps after which an episode is truncated (REFERENCE 1.3: episode_length 1000). */
  public static final int EPISODE_LENGTH = 1000;

  private MujocoTasks() {}

  /** The task names, sorted. */
  public static List<String> names() {
    return List.of(AntTask.NAME, HumanoidTask.NAME, InvertedDoublePendulumTask.NAME, Walker2dTask.NAME);
  }

  /** Whether {@code name} is one of {@link #names()}. */
  public static boolean isKnown(String name) {
    return names().contains(name);
  }

  /** Action dimension of task {@code name}. */
  public static int actionSize(String name) {
    return switch (requireKnown(name)) {
      case AntTask.NAME -> 8;
      case HumanoidTask.NAME -> 21;
      case InvertedDoublePendulumTask.NAME -> 1;
      default -> 6;
    };
  }

  /** Observation size of task {@code name}. */
  public static int observationSize(String name) {
    return switch (requireKnown(name)) {
      case AntTask.NAME -> AntTask.OBSERVATION_SIZE;
      case HumanoidTask.NAME -> HumanoidTask.OBSERVATION_SIZE;
      case InvertedDoublePendulumTask.NAME -> InvertedDoublePendulumTask.OBSERVATION_SIZE;
      default -> Walker2dTask.OBSERVATION_SIZE;
    };
  }

  /**
   * A reset batch of {@code numEnvs} instances of task {@code name}, instance {@code i} seeded by
   * {@code Seeds.stream(seed, "env", firstIndex + i)}, stepped sequentially. Close it when done.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
   * @throws MujocoUnavailableException if the native library or the humanoid model file is missing
   */
  public static MujocoVecEnv create(String name, int numEnvs, int firstIndex, long seed) {
    return create(name, numEnvs, firstIndex, seed, EPISODE_LENGTH, false);
  }

  /**
   * Like {@link #create(String, int, int, long)} with an explicit episode length and, if {@code parallel},
   * instances stepped on the common fork-join pool (same results as sequential stepping).
   */
  public static MujocoVecEnv create(String name, int numEnvs, int firstIndex, long seed, int episodeLength,
      boolean parallel) {
    Supplier<MujocoTask> task = switch (requireKnown(name)) {
      case AntTask.NAME -> AntTask::new;
      case HumanoidTask.NAME -> HumanoidTask::new;
      case InvertedDoublePendulumTask.NAME -> InvertedDoublePendulumTask::new;
      default -> Walker2dTask::new;
    };
    Mujoco.require();
    return new MujocoVecEnv(task.get(), numEnvs, firstIndex, seed, episodeLength, parallel);
  }

  private static String requireKnown(String name) {
    if (!isKnown(name)) {
      throw new IllegalArgumentException("unknown MuJoCo task '" + name + "'; known: " + names());
    }
    return name;
  }
}
