package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link HostProbe}: a finite positive rate, alone and with several probes at once. */
class HostProbeTest {

  @Test
  void probeReportsAFinitePositiveRate() {
    double r = HostProbe.onThreads(1, 200_000);
    assertTrue(r > 0 && Double.isFinite(r), "rate " + r);
  }

  @Test
  void probesRunAtOnceOnThreadsOfTheirOwn() {
    // the probes wait for each other before starting: a probe that did not get a thread would time out
    for (int round = 0; round < 20; round++) {
      double r = HostProbe.onThreads(3, 20_000);
      assertTrue(r > 0 && Double.isFinite(r), "rate " + r);
    }
  }
}
