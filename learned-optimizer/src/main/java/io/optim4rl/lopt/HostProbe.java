package io.optim4rl.lopt;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * A fixed reference workload that tells how fast the host runs a core right now: ten independent chains
 * of scalar float FMAs ({@link Math#fma}), in registers, no memory traffic. Its rate (FMAs per ns) is
 * the core's FMA throughput (2 per cycle on current x86 cores) times its clock, so on a cloud VM it
 * follows the host's clock and its neighbours' use of the core. Benchmarks print it next to their
 * figures so that a slow run can be told apart from slow code (learned-optimizer README, "Host speed").
 * Its level is not the core's FMA peak: inside the benchmarks it read about 2/3 of what the same chains
 * compiled by gcc read alongside (about 6 at 3 GHz), for reasons only partly understood (README,
 * "Seventh round"); it does fall with the host's slow phases.
 *
 * <p>Deliberately plain Java, not the Vector API: a Vector API probe that ran before the kernel's warm-up
 * changed C2's compilation of the kernel in 8 of 21 JVMs (a vector store intrinsic failed in
 * {@code VectorLinear.affine}, vectors were boxed, the kernel ran 8x slower).
 */
public final class HostProbe {

  /** Iterations of one probe (10 FMAs each): about 4 ms at 5 FMAs per ns. */
  public static final int ITERATIONS = 2_000_000;
  private static volatile float sink;

  private HostProbe() {}

  /** Scalar FMAs per ns of {@code iterations} x 10 independent float FMAs in this thread. */
  public static double fmasPerNs(int iterations) {
    float m = 0.999999f;
    float c = 1e-7f;
    float a0 = 1f;
    float a1 = 1.1f;
    float a2 = 1.2f;
    float a3 = 1.3f;
    float a4 = 1.4f;
    float a5 = 1.5f;
    float a6 = 1.6f;
    float a7 = 1.7f;
    float a8 = 1.8f;
    float a9 = 1.9f;
    long t0 = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      a0 = Math.fma(a0, m, c);
      a1 = Math.fma(a1, m, c);
      a2 = Math.fma(a2, m, c);
      a3 = Math.fma(a3, m, c);
      a4 = Math.fma(a4, m, c);
      a5 = Math.fma(a5, m, c);
      a6 = Math.fma(a6, m, c);
      a7 = Math.fma(a7, m, c);
      a8 = Math.fma(a8, m, c);
      a9 = Math.fma(a9, m, c);
    }
    long ns = Math.max(1, System.nanoTime() - t0);
    sink = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
    return 10.0 * iterations / ns;
  }

  /**
   * The mean probe rate per thread with {@code threads} probes running at once, each on a thread of its own
   * started for it (they wait for each other before starting), or in the calling thread if threads is 1.
   * Own threads, not a pool's workers: a probe that blocks a ForkJoinPool worker while it waits for the
   * others can wait for a worker the pool never starts.
   */
  public static double onThreads(int threads, int iterations) {
    if (threads <= 1) {
      return fmasPerNs(iterations);
    }
    CyclicBarrier start = new CyclicBarrier(threads);
    double[] rates = new double[threads];
    Throwable[] failure = new Throwable[1];
    Thread[] probes = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int slot = t;
      probes[t] = new Thread(() -> {
        try {
          start.await(10, TimeUnit.SECONDS);
          rates[slot] = fmasPerNs(iterations);
        } catch (Exception e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
      }, "host-probe-" + t);
      probes[t].setDaemon(true);
      probes[t].start();
    }
    double sum = 0;
    for (int t = 0; t < threads; t++) {
      try {
        probes[t].join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the host probes", e);
      }
      sum += rates[t];
    }
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IllegalStateException("host probe failed: " + failure[0], failure[0]);
      }
    }
    return sum / threads;
  }
}
