package io.optim4rl.envs.control.mujoco;

import io.optim4rl.envs.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Physics throughput of the MuJoCo tasks: uniformly random actions in [-1, 1], one {@code step} and one
 * {@code observe} per batch step (as a rollout does), a warm-up of a tenth of the timed steps, then
 * {@code steps} timed batch steps. Reports control steps per second (instances times batch steps) and
 * physics steps per second (control steps times the task's frame skip). Instances are stepped
 * sequentially on one thread.
 *
 * <p>Usage: {@code MujocoBenchmark --task NAME[,NAME...] [--envs N] [--steps S] [--seed S]}.
 */
public final class MujocoBenchmark {

  /**
   * One measurement.
   *
   * @param controlSteps instance control steps in the timed part (batch steps times numEnvs)
   * @param physicsSteps {@code controlSteps * frameSkip}
   * @param seconds wall-clock duration of the timed part
   */
  public record Result(String task, int numEnvs, int frameSkip, long controlSteps, long physicsSteps,
      double seconds) {

    /** Control steps per second. */
    public double controlStepsPerSecond() {
      return controlSteps / seconds;
    }

    /** Physics ({@code mj_step}) steps per second. */
    public double physicsStepsPerSecond() {
      return physicsSteps / seconds;
    }
  }

  private MujocoBenchmark() {}

  /** Times {@code steps} batch steps of {@code numEnvs} instances of {@code task} after the warm-up. */
  public static Result measure(String task, int numEnvs, int steps, long seed) {
    if (steps < 1 || numEnvs < 1) {
      throw new IllegalArgumentException("steps and envs must be >= 1, got " + steps + " and " + numEnvs);
    }
    try (MujocoVecEnv env = MujocoTasks.create(task, numEnvs, 0, seed)) {
      SplittableRandom rng = Seeds.stream(seed, "bench-actions", 0);
      float[] actions = new float[numEnvs * env.actionSize()];
      float[] rewards = new float[numEnvs];
      boolean[] terminated = new boolean[numEnvs];
      boolean[] truncated = new boolean[numEnvs];
      float[] obs = new float[numEnvs * env.observationSize()];
      loop(env, rng, actions, rewards, terminated, truncated, obs, Math.max(1, steps / 10));
      long start = System.nanoTime();
      loop(env, rng, actions, rewards, terminated, truncated, obs, steps);
      double seconds = (System.nanoTime() - start) * 1e-9;
      long control = (long) steps * numEnvs;
      return new Result(env.taskName(), numEnvs, env.frameSkip(), control, control * env.frameSkip(),
          seconds);
    }
  }

  /**
   * Measures every task with {@code envs} instances and {@code steps} timed batch steps (seed 0) and
   * returns the table {@link #main} prints: a header and one row per task.
   */
  public static String run(List<String> tasks, int envs, int steps) {
    StringBuilder table = new StringBuilder(header()).append('\n');
    for (String task : tasks) {
      table.append(row(measure(task, envs, steps, 0L))).append('\n');
    }
    return table.toString();
  }

  private static void loop(MujocoVecEnv env, SplittableRandom rng, float[] actions, float[] rewards,
      boolean[] terminated, boolean[] truncated, float[] obs, int steps) {
    float checksum = 0f;
    for (int t = 0; t < steps; t++) {
      for (int k = 0; k < actions.length; k++) {
        actions[k] = (float) (2 * rng.nextDouble() - 1);
      }
      env.step(actions, rewards, terminated, truncated);
      env.observe(obs, 0);
      checksum += rewards[0] + obs[obs.length - 1];
    }
    if (Float.isNaN(checksum)) {
      throw new IllegalStateException("NaN reward or observation from " + env.taskName());
    }
  }

  /** Column headings matching {@link #row}. */
  public static String header() {
    return String.format(Locale.ROOT, "%-26s %6s %5s %12s %8s %14s %14s",
        "task", "envs", "skip", "ctrl steps", "seconds", "ctrl steps/s", "physics/s");
  }

  /** One aligned table row. */
  public static String row(Result r) {
    return String.format(Locale.ROOT, "%-26s %6d %5d %12d %8.2f %14.0f %14.0f", r.task(), r.numEnvs(),
        r.frameSkip(), r.controlSteps(), r.seconds(), r.controlStepsPerSecond(), r.physicsStepsPerSecond());
  }

  /** Prints {@link #run}'s table: {@code --task NAME[,NAME...] [--envs N] [--steps S]}. */
  public static void main(String[] args) {
    List<String> tasks = new ArrayList<>();
    int envs = 64;
    int steps = 1000;
    for (int a = 0; a < args.length; a += 2) {
      if (a + 1 >= args.length) {
        throw new IllegalArgumentException(args[a] + " needs a value");
      }
      String value = args[a + 1];
      switch (args[a]) {
        case "--task" -> tasks.addAll(List.of(value.split(",")));
        case "--envs" -> envs = Integer.parseInt(value);
        case "--steps" -> steps = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown argument '" + args[a]
            + "'; usage: --task NAME[,NAME...] [--envs N] [--steps S]");
      }
    }
    System.out.print(run(tasks.isEmpty() ? MujocoTasks.names() : tasks, envs, steps));
  }
}
