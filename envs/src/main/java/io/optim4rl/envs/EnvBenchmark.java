package io.optim4rl.envs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput benchmark of a {@link VecEnv}: uniformly random actions, one {@code step} and one
 * {@code observe} per batch step (as a training rollout does), 0.5 s of warm-up, then a timed run.
 *
 * <p>Usage: {@code EnvBenchmark --task NAME[,NAME...] --envs N [--seconds S] [--seed S]}.
 */
public final class EnvBenchmark {

  /** Warm-up before timing, in seconds (lets the JIT compile the step loop). */
  public static final double WARMUP_SECONDS = 0.5;

  /**
   * One measurement.
   *
   * @param steps environment steps taken in the timed part (batch steps times numEnvs)
   * @param seconds wall-clock duration of the timed part
   * @param stepsPerSecond {@code steps / seconds}
   * @param observeIncluded whether each batch step also wrote observations (always true here)
   */
  public record Result(
      String task, int numEnvs, long steps, double seconds, double stepsPerSecond,
      boolean observeIncluded) {}

  private EnvBenchmark() {}

  /**
   * Steps {@code numEnvs} instances of {@code task} with random actions for about {@code seconds}
   * seconds after the warm-up. Actions come from {@code Seeds.stream(seed, "bench-actions", 0)}.
   */
  public static Result run(String task, int numEnvs, double seconds, long seed) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds must be > 0, got " + seconds);
    }
    VecEnv env = Tasks.create(task, numEnvs, seed, 1.0);
    SplittableRandom actionRng = Seeds.stream(seed, "bench-actions", 0);
    int[] actions = new int[numEnvs];
    float[] rewards = new float[numEnvs];
    boolean[] dones = new boolean[numEnvs];
    float[] obs = new float[numEnvs * env.observationSize()];

    loop(env, actionRng, actions, rewards, dones, obs, WARMUP_SECONDS);
    long start = System.nanoTime();
    long batchSteps = loop(env, actionRng, actions, rewards, dones, obs, seconds);
    double elapsed = (System.nanoTime() - start) * 1e-9;
    long steps = batchSteps * numEnvs;
    return new Result(env.taskName(), numEnvs, steps, elapsed, steps / elapsed, true);
  }

  /** Runs batch steps until {@code seconds} have passed; returns how many were taken. */
  private static long loop(VecEnv env, SplittableRandom rng, int[] actions, float[] rewards,
      boolean[] dones, float[] obs, double seconds) {
    int numActions = env.numActions();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long batchSteps = 0;
    float checksum = 0f;
    do {
      for (int i = 0; i < actions.length; i++) {
        actions[i] = rng.nextInt(numActions);
      }
      env.step(actions, rewards, dones);
      env.observe(obs, 0);
      checksum += rewards[0] + obs[obs.length - 1];
      batchSteps++;
    } while (System.nanoTime() < deadline);
    if (Float.isNaN(checksum)) {
      throw new IllegalStateException("NaN reward or observation from " + env.taskName());
    }
    return batchSteps;
  }

  /** Prints one row per task: {@code --task NAME[,NAME...] --envs N [--seconds S] [--seed S]}. */
  public static void main(String[] args) {
    List<String> tasks = new ArrayList<>();
    int envs = 512;
    double seconds = 3.0;
    long seed = 0L;
    for (int a = 0; a < args.length; a++) {
      String value = a + 1 < args.length ? args[a + 1] : null;
      switch (args[a]) {
        case "--task" -> tasks.addAll(List.of(require(value, "--task").split(",")));
        case "--envs" -> envs = Integer.parseInt(require(value, "--envs"));
        case "--seconds" -> seconds = Double.parseDouble(require(value, "--seconds"));
        case "--seed" -> seed = Long.parseLong(require(value, "--seed"));
        default -> throw new IllegalArgumentException("unknown argument '" + args[a]
            + "'; usage: --task NAME[,NAME...] --envs N [--seconds S] [--seed S]");
      }
      a++;
    }
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("--task is required; known tasks: " + Tasks.names());
    }
    System.out.println(header());
    for (String task : tasks) {
      System.out.println(row(run(task, envs, seconds, seed)));
    }
  }

  /** Column headings matching {@link #row}. */
  public static String header() {
    return String.format(Locale.ROOT, "%-20s %6s %12s %8s %14s %8s",
        "task", "envs", "steps", "seconds", "steps/s", "observe");
  }

  /** One aligned table row. */
  public static String row(Result r) {
    return String.format(Locale.ROOT, "%-20s %6d %12d %8.2f %14.0f %8s",
        r.task(), r.numEnvs(), r.steps(), r.seconds(), r.stepsPerSecond(), r.observeIncluded());
  }

  private static String require(String value, String flag) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }
}
