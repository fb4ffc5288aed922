package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link KernelBenchmark} runs end to end on a tiny size (a smoke test; no timing is asserted). */
class KernelBenchmarkTest {

  @Test
  void benchmarkRunsAndReportsAPositiveRate() {
    KernelBenchmark.Result r = KernelBenchmark.run(Optim4RlVectorKernel.instance(), 1000, 2, 4, 7, 3);
    assertEquals(1000, r.coords());
    assertTrue(r.coordsPerSecond() > 0 && Double.isFinite(r.coordsPerSecond()), r.toString());
    assertTrue(r.bestCoordsPerSecond() >= r.coordsPerSecond() * 0.999, r.toString());
    assertEquals(3, r.repetitions().size());
    assertTrue(r.hostFmasPerNs() > 0 && Double.isFinite(r.hostFmasPerNs()), r.toString());
    for (double[] rep : r.repetitions()) {
      assertTrue(rep[0] <= r.bestCoordsPerSecond() * 1.000001 && rep[1] > 0, r.toString());
    }
  }
}
