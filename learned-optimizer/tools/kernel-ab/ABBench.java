package io.optim4rl.lopt;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Paired A/B timing of two vector kernels in one JVM: {@code BaseVectorKernel} (an older revision's
 * kernel, copied under other class names by kernel-ab.sh) and the working tree's
 * {@link Optim4RlVectorKernel}. Every repetition runs both (M forward steps plus the backward over the
 * same data on their own tapes), alternating which goes first, so that the host's clock and neighbours
 * affect both alike; it reports the medians of the per-repetition time ratios new/base. With
 * {@code -Dcheck=1} the scalar kernel runs alongside and every repetition's meta-gradient and carried
 * states are compared with it (this is how the C2 miscompilation of the fourth kernel round showed).
 *
 * <pre>
 *   learned-optimizer/tools/kernel-ab/kernel-ab.sh REVISION COORDS THREADS REPS
 * </pre>
 */
public final class ABBench {

  private static final int STEPS = 4;
  private static final int WARMUP = 3;

  private ABBench() {}

  public static void main(String[] args) {
    int coords = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    int reps = Integer.parseInt(args[2]);
    boolean check = System.getProperty("check") != null;
    SplittableRandom rng = new SplittableRandom(1);
    Optim4RlWeights w = Optim4RlWeights.of(KernelBenchmark.randomMetaParams(rng));
    float[][] gradients = KernelBenchmark.randomGradients(rng, STEPS, coords);
    float[] adjoint = KernelBenchmark.randomAdjoint(rng, coords);
    Optim4RlKernel[] kernels = {BaseVectorKernel.instance(), Optim4RlVectorKernel.instance()};
    Optim4RlTape[] tapes = {Optim4RlTape.create(coords, STEPS), Optim4RlTape.create(coords, STEPS)};
    Optim4RlTape scalarTape = Optim4RlTape.create(coords, STEPS);
    float[] update = new float[coords];
    double[][] fwd = new double[2][reps];
    double[][] bwd = new double[2][reps];
    double[][] mg = new double[2][];
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      for (int rep = -WARMUP; rep < reps; rep++) {
        for (int o = 0; o < 2; o++) {
          int which = (rep & 1) == 0 ? o : 1 - o;
          Optim4RlExecutor exec = new Optim4RlExecutor(kernels[which], pool);
          Optim4RlTape tape = tapes[which];
          long t0 = System.nanoTime();
          for (int k = 0; k < STEPS; k++) {
            exec.forward(w, tape, k, gradients[k], 1f, 0.003f, update, 0, coords);
          }
          long t1 = System.nanoTime();
          mg[which] = exec.metaGradient(w, tape, adjoint, 0.003f, 0, coords);
          long t2 = System.nanoTime();
          tape.carryOver();
          if (rep >= 0) {
            fwd[which][rep] = (t1 - t0) * 1e-6;
            bwd[which][rep] = (t2 - t1) * 1e-6;
          }
        }
        if (check) {
          Optim4RlExecutor sx = new Optim4RlExecutor(Optim4RlScalarKernel.instance(), pool);
          for (int k = 0; k < STEPS; k++) {
            sx.forward(w, scalarTape, k, gradients[k], 1f, 0.003f, update, 0, coords);
          }
          double[] ms = sx.metaGradient(w, scalarTape, adjoint, 0.003f, 0, coords);
          scalarTape.carryOver();
          System.out.printf(Locale.ROOT,
              "rep %d: meta-gradient vs scalar: base %.2e new %.2e; carried states vs scalar: base %.2e new %.2e%n",
              rep, rel(mg[0], ms), rel(mg[1], ms), rel(tapes[0].hidden(0), scalarTape.hidden(0)),
              rel(tapes[1].hidden(0), scalarTape.hidden(0)));
        }
      }
    } finally {
      pool.shutdown();
    }
    double[] rf = new double[reps];
    double[] rb = new double[reps];
    double[] rt = new double[reps];
    for (int r = 0; r < reps; r++) {
      rf[r] = fwd[1][r] / fwd[0][r];
      rb[r] = bwd[1][r] / bwd[0][r];
      rt[r] = (fwd[1][r] + bwd[1][r]) / (fwd[0][r] + bwd[0][r]);
    }
    System.out.printf(Locale.ROOT, "%-5s %11s %12s %17s %22s%n", "", "forward_ms", "backward_ms", "coords_per_second",
        "best_coords_per_second");
    for (int i = 0; i < 2; i++) {
      System.out.printf(Locale.ROOT, "%-5s %11.1f %12.1f %17.0f %22.0f%n", i == 0 ? "base" : "new", median(fwd[i]),
          median(bwd[i]), coords / (median(fwd[i]) + median(bwd[i])) * 1e3, coords / best(fwd[i], bwd[i]) * 1e3);
    }
    System.out.printf(Locale.ROOT,
        "median time ratios new/base over %d repetitions: forward %.3f backward %.3f total %.3f; "
            + "last meta-gradients differ by %.2e (relative)%n",
        reps, median(rf), median(rb), median(rt), rel(mg[1], mg[0]));
  }

  private static double rel(double[] a, double[] b) {
    double scale = 0;
    for (double v : b) {
      scale = Math.max(scale, Math.abs(v));
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]) / (1e-3 * scale + Math.abs(b[i])));
    }
    return m;
  }

  private static double rel(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]) / (1e-3 + Math.abs(b[i])));
    }
    return m;
  }

  private static double best(double[] f, double[] b) {
    double m = Double.POSITIVE_INFINITY;
    for (int i = 0; i < f.length; i++) {
      m = Math.min(m, f[i] + b[i]);
    }
    return m;
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }
}
