package io.optim4rl.agents.units;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

/**
 * Wall-clock cost of {@link UnitBatchA2c#rolloutAndGradient} (U units, one env each, T = 20): warm-up
 * calls, then timed calls with an untimed SGD step in between (so parameters keep changing, as in
 * meta-training); prints one row per task. A meta-training iteration makes 5 such calls per task
 * (REFERENCE 5.1). A benchmark, not a test.
 *
 * <p>Usage: {@code UnitBatchBenchmark [--task NAME[,NAME...]] [--units U] [--calls K] [--warmup W]
 * [--threads N]}; defaults: small_dense_short, catch, big_dense_long; 64 units; 200 calls; 200 warm-up
 * calls; the common pool ({@code --threads 1} runs on the calling thread only).
 */
public final class UnitBatchBenchmark {

  /**
   * One measurement.
   *
   * @param msPerCall mean wall time of one {@code rolloutAndGradient} call
   * @param envStepsPerSecond {@code U T / secondsPerCall}
   */
  public record Result(String task, String net, int numUnits, int calls, double msPerCall,
      double envStepsPerSecond) {}

  private UnitBatchBenchmark() {}

  /** Times {@code calls} calls after {@code warmup} untimed ones. */
  public static Result run(String task, int numUnits, int calls, int warmup, ForkJoinPool pool, long seed) {
    UnitBatchA2c units =
        new UnitBatchA2c(task, numUnits, A2cLoss.Hyper.defaults(), 20, seed, pool);
    VecEnv env = Tasks.create(task, numUnits, seed, 1.0);
    float[] params = new float[numUnits * units.numParams()];
    float[] grads = new float[params.length];
    for (int u = 0; u < numUnits; u++) {
      units.initUnitParams(params, u, Seeds.stream(seed, "bench-init", u));
    }
    for (int i = 0; i < warmup; i++) {
      units.rolloutAndGradient(env, params, grads);
      sgdStep(params, grads);
    }
    long nanos = 0;
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      units.rolloutAndGradient(env, params, grads);
      nanos += System.nanoTime() - start;
      sgdStep(params, grads);
    }
    double seconds = nanos * 1e-9 / calls;
    return new Result(units.task(), units.netName(), numUnits, calls, seconds * 1e3,
        numUnits * 20 / seconds);
  }

  private static void sgdStep(float[] params, float[] grads) {
    for (int i = 0; i < params.length; i++) {
      params[i] -= 1e-3f * grads[i];
    }
  }

  /** Prints {@code task net units calls ms/call env-steps/s} per task. */
  public static void main(String[] args) {
    List<String> tasks = new ArrayList<>();
    int numUnits = 64;
    int calls = 200;
    int warmup = 200;
    int threads = 0;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--task" -> tasks.addAll(List.of(value.split(",")));
        case "--units" -> numUnits = Integer.parseInt(value);
        case "--calls" -> calls = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: [--task "
            + "NAME[,NAME...]] [--units U] [--calls K] [--warmup W] [--threads N]");
      }
    }
    if (tasks.isEmpty()) {
      tasks.addAll(List.of("small_dense_short", "catch", "big_dense_long"));
    }
    ForkJoinPool pool = threads == 0 ? ForkJoinPool.commonPool()
        : threads == 1 ? null : new ForkJoinPool(threads);
    System.out.printf(Locale.ROOT, "%-20s %-8s %6s %6s %10s %14s%n", "task", "net", "units", "calls",
        "ms/call", "env-steps/s");
    for (String task : tasks) {
      Result r = run(task, numUnits, calls, warmup, pool, 1);
      System.out.printf(Locale.ROOT, "%-20s %-8s %6d %6d %10.3f %14.0f%n", r.task(), r.net(), r.numUnits(),
          r.calls(), r.msPerCall(), r.envStepsPerSecond());
    }
    if (pool != null && pool != ForkJoinPool.commonPool()) {
      pool.shutdown();
    }
  }
}
