package io.optim4rl.lopt;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Benchmark of the Optim4RL meta-training hot path: M inner forward steps plus the BPTT backward over
 * n coordinates ([16, 16] heads unless other MLP sizes are given, random gradients with 10% zeros and
 * 10% beyond the clip), on a
 * {@link ForkJoinPool} of T threads through {@link Optim4RlExecutor}. Reports the median over
 * repetitions after warm-up and coords_per_second = n / (seconds of forward x M + backward), and the
 * best repetition (on a shared machine the median moves with the neighbours' load; the best shows what
 * the code does when it has the cores). Around every repetition, a {@link HostProbe} runs on all T
 * threads at once; its median tells how fast the host ran the cores during the measurement.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp CLASSPATH io.optim4rl.lopt.KernelBenchmark \
 *       --coords 1000000 --threads 2 [--steps 4] [--kernel vector|scalar|both] [--reps 7] [--seed 1]
 *       [--mlp-dims 16,16|none] [--verbose]
 * </pre>
 */
public final class KernelBenchmark {

  /**
   * One measurement (medians over the timed repetitions).
   *
   * @param kernel the kernel's name
   * @param mlpDims the MLP hidden sizes of both heads ([16, 16] by default, [] for single Dense(8, 1) heads)
   * @param forwardSeconds the M forward steps together
   * @param backwardSeconds the backward (meta-gradient)
   * @param coordsPerSecond coords / (forwardSeconds + backwardSeconds)
   * @param bestCoordsPerSecond coords / the fastest repetition's forward x M + backward
   * @param hostFmasPerNs the median over the timed repetitions of the {@link HostProbe} rate per
   *     thread (mean of the probes just before and just after the repetition)
   * @param allocatedBytesPerCoord the median over the timed repetitions of the bytes the calling and
   *     pool threads allocated during the repetition, per coordinate (a few bytes: the executor's per-block
   *     results; far more means C2 left the kernel's vectors boxed, see {@link #BOXED_BYTES_PER_COORD})
   * @param repetitions per timed repetition: {coords per second, host probe rate}
   */
  public record Result(String kernel, int coords, int threads, int steps, int[] mlpDims, double forwardSeconds,
      double backwardSeconds, double coordsPerSecond, double bestCoordsPerSecond, double hostFmasPerNs,
      double allocatedBytesPerCoord, List<double[]> repetitions) {

    /** Whether the kernel allocated like a kernel whose vectors C2 left boxed on the heap. */
    public boolean vectorsBoxed() {
      return allocatedBytesPerCoord > BOXED_BYTES_PER_COORD;
    }

    /**
     * What to tell the user about a boxed-looking allocation, or null: on fewer than
     * {@link #MIN_COMPILED_COORDS} coordinates the JIT has not compiled the kernel before the timed
     * repetitions (the interpreter and C1 box every vector), on more C2 failed an intrinsic.
     */
    public String warning() {
      if (!vectorsBoxed()) {
        return null;
      }
      return coords < MIN_COMPILED_COORDS ? String.format(Locale.ROOT, SHORT_RUN_WARNING, coords, MIN_COMPILED_COORDS)
          : BOXED_WARNING;
    }

    /** The MLP sizes as in configs: "[16,16]", "[]". */
    public String mlpDimsText() {
      return Arrays.toString(mlpDims).replace(" ", "");
    }

    /** One line per timed repetition: its coords per second and host probe reading. */
    public List<String> repetitionLines() {
      return repetitions.stream().map(rep -> String.format(Locale.ROOT,
          "repetition: %.0f coords/s, host probe %.2f FMAs/ns", rep[0], rep[1])).toList();
    }
  }

  /**
   * Allocation per coordinate above which the kernel's vectors are boxed on the heap rather than kept in
   * registers (the kernel allocates nothing; the executor about 7 bytes per coordinate at 10^6 coordinates). Seen once C2
   * failed to intrinsify a Vector API store in {@code VectorLinear.affine}: the kernel ran 8x slower, for the
   * life of the JVM (learned-optimizer README, "Host speed").
   */
  public static final double BOXED_BYTES_PER_COORD = 64;

  /** What to tell a user whose kernel runs with boxed vectors. */
  public static final String BOXED_WARNING = "warning: the kernel allocated like one whose vectors the JIT left boxed "
      + "on the heap (C2 failed a Vector API intrinsic; several times slower, for the life of this JVM): run it "
      + "again in a fresh JVM";

  /**
   * Coordinates from which 3 warm-up repetitions get the kernel compiled by C2 (measured: at 5,000 the timed
   * repetitions still ran interpreted, 490 bytes per coordinate; from 10,000 on compiled, 7-9 bytes).
   */
  public static final int MIN_COMPILED_COORDS = 20_000;

  /** What to tell a user whose run was too short for the JIT (format arguments: coords, the minimum). */
  static final String SHORT_RUN_WARNING = "warning: %d coordinates are too few for the JIT to compile the kernel "
      + "before the timed repetitions: it ran interpreted, with its vectors on the heap, and these figures are not "
      + "the compiled kernel's; use --coords %d or more";

  private static final int WARMUP = 3;
  private static final int REPS = 7;

  private KernelBenchmark() {}

  /** The Vector API kernel (the production path) with heads of MLP sizes {@code mlpDims}. */
  public static Result run(int coords, int threads, int steps, long seed, int[] mlpDims) {
    return run(Optim4RlVectorKernel.instance(), coords, threads, steps, seed, REPS, mlpDims);
  }

  /** {@code kernel} on {@code coords} coordinates, {@code threads} threads, median of {@code reps}, [16, 16] heads. */
  public static Result run(Optim4RlKernel kernel, int coords, int threads, int steps, long seed, int reps) {
    return run(kernel, coords, threads, steps, seed, reps, MetaParamLayouts.defaultMlpDims());
  }

  /** {@code kernel} on {@code coords} coordinates with {@code threads} threads, median of {@code reps}. */
  public static Result run(Optim4RlKernel kernel, int coords, int threads, int steps, long seed, int reps,
      int[] mlpDims) {
    SplittableRandom rng = new SplittableRandom(seed);
    Optim4RlWeights w = Optim4RlWeights.of(randomMetaParams(rng, mlpDims));
    float[][] gradients = randomGradients(rng, steps, coords);
    float[] adjoint = randomAdjoint(rng, coords);
    Optim4RlTape tape = Optim4RlTape.create(coords, steps);
    float[] update = new float[coords];
    List<Thread> workers = new CopyOnWriteArrayList<>(List.of(Thread.currentThread()));
    ForkJoinPool pool = new ForkJoinPool(threads, p -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      workers.add(t);
      return t;
    }, null, false);
    try {
      Optim4RlExecutor exec = new Optim4RlExecutor(kernel, pool);
      double[] fwd = new double[reps];
      double[] bwd = new double[reps];
      double[] probe = new double[reps];
      double[] allocated = new double[reps];
      List<double[]> repetitions = new ArrayList<>();
      double best = Double.POSITIVE_INFINITY;
      for (int rep = -WARMUP; rep < reps; rep++) {
        double probeBefore = HostProbe.onThreads(threads, HostProbe.ITERATIONS);
        long bytes0 = allocatedBytes(workers);
        long t0 = System.nanoTime();
        for (int k = 0; k < steps; k++) {
          exec.forward(w, tape, k, gradients[k], 1f, 0.003f, update, 0, coords);
        }
        long t1 = System.nanoTime();
        double[] metaGradient = exec.metaGradient(w, tape, adjoint, 0.003f, 0, coords);
        long t2 = System.nanoTime();
        long bytes = allocatedBytes(workers) - bytes0;
        if (!Double.isFinite(metaGradient[0])) {
          throw new IllegalStateException("non-finite meta-gradient");
        }
        tape.carryOver();
        double probeAfter = HostProbe.onThreads(threads, HostProbe.ITERATIONS);
        if (rep >= 0) {
          probe[rep] = 0.5 * (probeBefore + probeAfter);
          allocated[rep] = (double) bytes / coords;
          fwd[rep] = (t1 - t0) * 1e-9;
          bwd[rep] = (t2 - t1) * 1e-9;
          best = Math.min(best, (t2 - t0) * 1e-9);
          repetitions.add(new double[] {coords / ((t2 - t0) * 1e-9), probe[rep]});
        }
      }
      double f = median(fwd);
      double b = median(bwd);
      return new Result(kernel.name(), coords, threads, steps, mlpDims.clone(), f, b, coords / (f + b), coords / best,
          median(probe), median(allocated), List.copyOf(repetitions));
    } finally {
      pool.shutdown();
    }
  }

  /** Bytes allocated so far by {@code threads} (0 where the JVM does not count them). */
  private static long allocatedBytes(List<Thread> threads) {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
        || !mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
      return 0;
    }
    long sum = 0;
    for (Thread t : threads) {
      sum += Math.max(0, mx.getThreadAllocatedBytes(t.getId()));
    }
    return sum;
  }

  /** The benchmark's agent gradients: 10% zeros, 10% N(0, 9) (beyond the clip of 1), 80% N(0, 0.01). */
  static float[][] randomGradients(SplittableRandom rng, int steps, int coords) {
    float[][] gradients = new float[steps][coords];
    for (float[] g : gradients) {
      for (int c = 0; c < coords; c++) {
        double u = rng.nextDouble();
        g[c] = (float) (u < 0.1 ? 0 : u < 0.2 ? 3 * rng.nextGaussian() : 0.1 * rng.nextGaussian());
      }
    }
    return gradients;
  }

  /** The benchmark's validation adjoint dL/dupdate: N(0, 1) per coordinate. */
  static float[] randomAdjoint(SplittableRandom rng, int coords) {
    float[] adjoint = new float[coords];
    for (int c = 0; c < coords; c++) {
      adjoint[c] = (float) rng.nextGaussian();
    }
    return adjoint;
  }

  /** Fresh [16, 16] meta-parameters with small random biases (so no activation is trivially zero). */
  static MetaParams randomMetaParams(SplittableRandom rng) {
    return randomMetaParams(rng, MetaParamLayouts.defaultMlpDims());
  }

  /** Fresh meta-parameters with MLP sizes {@code mlpDims} and small random biases. */
  static MetaParams randomMetaParams(SplittableRandom rng, int[] mlpDims) {
    MetaParams fresh = MetaParams.init(LearnedOptimizerKind.OPTIM4RL, mlpDims, rng);
    double[] v = fresh.values();
    for (var t : fresh.layout().tensors()) {
      if (t.name().endsWith(".bias")) {
        for (int i = 0; i < t.size(); i++) {
          v[Math.toIntExact(t.offset()) + i] = 0.1 * rng.nextGaussian();
        }
      }
    }
    return fresh.withValues(v);
  }

  /**
   * MLP hidden sizes from the command line: "16,16" or "[16,16]"; "none", "[]" or "" for single
   * Dense(8, 1) heads (the released configs).
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static int[] parseMlpDims(String text) {
    String t = text == null ? "" : text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1).trim();
    }
    if (t.isEmpty() || t.equals("none")) {
      return new int[0];
    }
    String[] parts = t.split(",", -1);
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        dims[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        dims[i] = 0;
      }
      if (dims[i] <= 0) {
        throw new IllegalArgumentException("--mlp-dims " + text + ": expected positive layer sizes such as 16,16"
            + " (the paper's heads) or none (single Dense(8, 1) heads, the released configs)");
      }
    }
    return dims;
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }

  public static void main(String[] args) {
    int coords = 1_000_000;
    int threads = Runtime.getRuntime().availableProcessors();
    int steps = 4;
    int reps = REPS;
    long seed = 1;
    String which = "vector";
    boolean verbose = false;
    int[] mlpDims = MetaParamLayouts.defaultMlpDims();
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--coords" -> coords = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--steps" -> steps = Integer.parseInt(v);
        case "--reps" -> reps = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--kernel" -> which = v;
        case "--mlp-dims" -> mlpDims = parseMlpDims(v);
        case "--verbose" -> {
          verbose = true;
          i--;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; usage: --coords N --threads T [--steps M] [--reps R] [--seed S] [--kernel vector|scalar|both]"
            + " [--mlp-dims 16,16|none] [--verbose]");
      }
      i++;
    }
    List<Optim4RlKernel> kernels = new ArrayList<>();
    if (!which.equals("scalar")) {
      kernels.add(Optim4RlVectorKernel.instance());
    }
    if (!which.equals("vector")) {
      kernels.add(Optim4RlScalarKernel.instance());
    }
    System.out.printf(Locale.ROOT, "%-10s %9s %10s %7s %5s %11s %12s %10s %17s %22s %17s %21s%n", "kernel", "mlp_dims",
        "coords", "threads", "steps", "forward_ms", "backward_ms", "total_ms", "coords_per_second", "best_coords_per_second",
        "host_fma_per_ns", "alloc_bytes_per_coord");
    for (Optim4RlKernel k : kernels) {
      Result r = run(k, coords, threads, steps, seed, reps, mlpDims);
      System.out.printf(Locale.ROOT, "%-10s %9s %10d %7d %5d %11.1f %12.1f %10.1f %17.0f %22.0f %17.2f %21.1f%n",
          r.kernel(), r.mlpDimsText(), r.coords(), r.threads(), r.steps(), r.forwardSeconds() * 1e3,
          r.backwardSeconds() * 1e3, (r.forwardSeconds() + r.backwardSeconds()) * 1e3, r.coordsPerSecond(),
          r.bestCoordsPerSecond(), r.hostFmasPerNs(), r.allocatedBytesPerCoord());
      if (r.warning() != null) {
        System.out.println(r.warning());
      }
      if (verbose) {
        r.repetitionLines().forEach(line -> System.out.println("  " + line));
      }
    }
  }
}
