package io.optim4rl.jobs.bench;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.lopt.HostProbe;
import io.optim4rl.lopt.LearnedOptimizerKind;
import io.optim4rl.lopt.MetaParamLayouts;
import io.optim4rl.lopt.meta.MetaTrainSettings;
import io.optim4rl.lopt.meta.MetaTrainer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench meta}: times meta-training iterations (MetaA2C with pipeline training, the paper's [16,16]
 * heads) on one task and reports env steps per second (units x T x (M + 1) per iteration over the median
 * iteration time after warm-up), the number of agent coordinates and the peak heap. After every
 * iteration a {@link HostProbe} (about 4 ms) tells how fast the host ran a core at that moment; the median
 * over the timed iterations is reported as host_fma_per_ns, so that runs on a host whose clock changes can
 * be compared.
 *
 * <p>Warm-up: first throw-away meta-training runs of {@link #WARMUP_CHUNK} iterations each until
 * {@code warmupSeconds} have passed, then the timed run, whose first {@link #WARMUP} iterations are not timed
 * either. C2 keeps compiling the learned optimizer's kernel for the first 5-10 s of work; with only the two
 * in-run iterations (warmupSeconds = 0, the benchmark before this warm-up) the median of 12 timed
 * iterations included iterations 1.6x slower than the settled ones (learned-optimizer README, "Eleventh
 * round").
 */
public final class MetaBenchmark {

  /** Iterations of the timed run that are not timed. */
  public static final int WARMUP = 2;
  /** Iterations per throw-away warm-up run. */
  public static final int WARMUP_CHUNK = 4;
  /** Default seconds of throw-away warm-up runs before the timed run. */
  public static final double DEFAULT_WARMUP_SECONDS = 10;

  private MetaBenchmark() {}

  /** The measured figures. */
  public record Result(String task, int units, String optimizer, int iterations, long coords,
      double secondsPerIteration, double envStepsPerSecond, long peakHeapMb, double hostFmasPerNs,
      int warmupIterations, double warmupSeconds) {

    /** One JSON object (the command's last line). */
    public String json() {
      return String.format(Locale.ROOT, "{\"task\":\"%s\",\"units\":%d,\"optimizer\":\"%s\",\"iterations\":%d,"
          + "\"coords\":%d,\"seconds_per_iteration\":%.4f,\"env_steps_per_second\":%.0f,\"peak_heap_mb\":%d,"
          + "\"host_fma_per_ns\":%.2f,\"warmup_iterations\":%d,\"warmup_seconds\":%.1f}", task, units, optimizer,
          iterations, coords, secondsPerIteration, envStepsPerSecond, peakHeapMb, hostFmasPerNs, warmupIterations,
          warmupSeconds);
    }
  }

  /**
   * Runs throw-away meta-training for at least {@code warmupSeconds}, then {@code iterations} timed iterations
   * (plus {@link #WARMUP} untimed ones) of meta-training {@code optimizer} on {@code task}.
   */
  public static Result run(String task, int units, int iterations, String optimizer, int threads,
      double warmupSeconds) {
    if (iterations < 1 || units < 1 || !(warmupSeconds >= 0)) {
      throw new IllegalArgumentException("bench meta needs --iterations >= 1, --units >= 1 and --warmup-seconds >= 0"
          + " (got " + iterations + ", " + units + ", " + warmupSeconds + ")");
    }
    int warmupIterations = WARMUP;
    long w0 = System.nanoTime();
    while ((System.nanoTime() - w0) * 1e-9 < warmupSeconds) {
      MetaTrainSettings chunk = settings(task, units, WARMUP_CHUNK, optimizer, threads);
      try (MetaTrainer trainer = new MetaTrainer(chunk, MetaTrainer.initialMetaParams(chunk), null)) {
        trainer.run(1, (reports, mp, state) -> { });
      }
      warmupIterations += WARMUP_CHUNK;
    }
    double warmedSeconds = (System.nanoTime() - w0) * 1e-9;
    MetaTrainSettings s = settings(task, units, iterations + WARMUP, optimizer, threads);
    List<Double> seconds = new ArrayList<>();
    List<Double> probes = new ArrayList<>();
    long[] coords = new long[1];
    System.gc(); // the peak heap below is the timed run's, not the warm-up's garbage
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    try (MetaTrainer trainer = new MetaTrainer(s, MetaTrainer.initialMetaParams(s), null)) {
      coords[0] = trainer.agentCoordinates();
      trainer.run(1, (reports, mp, state) -> {
        seconds.add(reports.get(0).seconds());
        probes.add(HostProbe.onThreads(1, HostProbe.ITERATIONS));
      });
    }
    double median = medianAfterWarmup(seconds);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return new Result(task, units, optimizer, iterations, coords[0], median, s.stepsPerIteration() / median,
        peak >> 20, medianAfterWarmup(probes), warmupIterations, warmedSeconds);
  }

  /** One task at reward scale 1 and agent lr 1e-3, T = 20, M = 4, [16,16] heads, meta lr 1e-3, gradNorm 0.5. */
  private static MetaTrainSettings settings(String task, int units, int iterations, String optimizer, int threads) {
    return new MetaTrainSettings(1, List.of(new MetaTrainSettings.TaskSpec(task, 1.0, 1e-3)), units,
        iterations, 20, 4, A2cLoss.Hyper.defaults(), 1.0, Math.max(1, units), LearnedOptimizerKind.parse(optimizer),
        MetaParamLayouts.defaultMlpDims(), 1e-3, -1, 0.5, -1, Integer.MAX_VALUE, threads);
  }

  private static double medianAfterWarmup(List<Double> values) {
    double[] timed = values.subList(WARMUP, values.size()).stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(timed);
    return timed[timed.length / 2];
  }
}
