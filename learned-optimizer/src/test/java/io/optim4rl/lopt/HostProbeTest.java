package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** {@link HostProbe}: a finite positive rate, alone and with one probe per worker of a pool. */
class HostProbeTest {

  @Test
  void probeReportsAFinitePositiveRate() {
    double r = HostProbe.onThreads(null, 1, 200_000);
    assertTrue(r > 0 && Double.isFinite(r), "rate " + r);
  }

  @Test
  void probesRunOnEveryWorkerAtOnce() {
    ForkJoinPool pool = new ForkJoinPool(3);
    try {
      // the probes wait for each other before starting: this would time out if two of them shared a worker
      double r = HostProbe.onThreads(pool, 3, 200_000);
      assertTrue(r > 0 && Double.isFinite(r), "rate " + r);
    } finally {
      pool.shutdown();
    }
  }
}
