package io.optim4rl.agents.a2c;

import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.agents.nets.Nets;
import io.optim4rl.agents.optim.AdamOptimizer;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wall-clock cost of plain A2C iterations (rollout, gradient, Adam step): a few warm-up iterations, then
 * a timed run; prints one row per task. A benchmark, not a test.
 *
 * <p>Usage: {@code A2cBenchmark --task NAME[,NAME...] [--envs N] [--iterations K] [--warmup W] [--seed S]};
 * {@code --envs} defaults to 64 for catch and 512 for gridworlds (REFERENCE 3.1).
 */
public final class A2cBenchmark {

  /**
   * One measurement.
   *
   * @param secondsPerIteration mean wall time of one timed iteration
   * @param envStepsPerSecond {@code numEnvs * T / secondsPerIteration}
   */
  public record Result(String task, String net, int numEnvs, int iterations, double secondsPerIteration,
      double envStepsPerSecond) {}

  private A2cBenchmark() {}

  /** Times {@code iterations} A2C iterations of {@code task} after {@code warmup} untimed ones. */
  public static Result run(String task, int numEnvs, int iterations, int warmup, long seed) {
    if (iterations < 1 || warmup < 0) {
      throw new IllegalArgumentException("need iterations >= 1 and warmup >= 0, got " + iterations + ", " + warmup);
    }
    ActorCriticNet net = Nets.forTask(task);
    A2cConfig base = A2cConfig.defaults(seed, 1);
    long perIteration = base.stepsPerIteration(numEnvs);
    A2cTrainer warm = new A2cTrainer(net, AdamOptimizer.of(1e-3), base.withTrainSteps(perIteration * Math.max(warmup, 1)));
    warm.train(Tasks.create(task, numEnvs, seed, 1.0));
    A2cTrainer timed = new A2cTrainer(net, AdamOptimizer.of(1e-3), base.withTrainSteps(perIteration * iterations));
    VecEnv env = Tasks.create(task, numEnvs, seed, 1.0);
    long start = System.nanoTime();
    timed.train(env);
    double seconds = (System.nanoTime() - start) * 1e-9 / iterations;
    return new Result(Tasks.canonicalName(task), net.name(), numEnvs, iterations, seconds, perIteration / seconds);
  }

  /** Prints {@code task net envs iterations s/iteration env-steps/s} per task. */
  public static void main(String[] args) {
    List<String> tasks = new ArrayList<>();
    int envs = -1;
    int iterations = 20;
    int warmup = 3;
    long seed = 1;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--task" -> tasks.addAll(List.of(value.split(",")));
        case "--envs" -> envs = Integer.parseInt(value);
        case "--iterations" -> iterations = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; usage: --task NAME[,NAME...] [--envs N] [--iterations K] [--warmup W] [--seed S]");
      }
    }
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("--task is required; known tasks: " + Tasks.names());
    }
    System.out.printf(Locale.ROOT, "%-20s %-8s %6s %6s %12s %14s%n", "task", "net", "envs", "iters", "s/iteration",
        "env-steps/s");
    for (String task : tasks) {
      int numEnvs = envs > 0 ? envs : (Tasks.canonicalName(task).equals("catch") ? 64 : 512);
      Result r = run(task, numEnvs, iterations, warmup, seed);
      System.out.printf(Locale.ROOT, "%-20s %-8s %6d %6d %12.4f %14.0f%n", r.task(), r.net(), r.numEnvs(),
          r.iterations(), r.secondsPerIteration(), r.envStepsPerSecond());
    }
  }
}
