package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    assertTrue(r.allocatedBytesPerCoord() >= 0 && Double.isFinite(r.allocatedBytesPerCoord()), r.toString());
    for (double[] rep : r.repetitions()) {
      assertTrue(rep[0] <= r.bestCoordsPerSecond() * 1.000001 && rep[1] > 0, r.toString());
    }
  }

  @Test
  void headSizesAreParsedAsInConfigsAndReported() {
    assertEquals("[16, 16]", java.util.Arrays.toString(KernelBenchmark.parseMlpDims("16,16")));
    assertEquals("[16, 16]", java.util.Arrays.toString(KernelBenchmark.parseMlpDims("[16, 16]")));
    assertEquals("[32]", java.util.Arrays.toString(KernelBenchmark.parseMlpDims("32")));
    for (String none : new String[] {"none", "[]", "", " [ ] "}) {
      assertEquals(0, KernelBenchmark.parseMlpDims(none).length, none);
    }
    for (String bad : new String[] {"16,", "0", "-4", "16;16", "sixteen"}) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> KernelBenchmark.parseMlpDims(bad));
      assertTrue(e.getMessage().contains("--mlp-dims " + bad), e.getMessage());
    }
    KernelBenchmark.Result r = KernelBenchmark.run(Optim4RlVectorKernel.instance(), 1000, 1, 4, 7, 2, new int[0]);
    assertEquals("[]", r.mlpDimsText());
    assertTrue(r.coordsPerSecond() > 0, r.toString());
  }

  /** The scalar kernel plus 200 bytes of garbage per coordinate and call, like a kernel with boxed vectors. */
  private static final class AllocatingKernel implements Optim4RlKernel {
    static volatile byte[] sink;
    private final Optim4RlKernel inner = Optim4RlScalarKernel.instance();

    @Override
    public String name() {
      return "allocating";
    }

    @Override
    public void step(Optim4RlWeights w, float[] gradient, float[] hiddenIn, float[] hiddenOut, float[] update,
        float lr, int from, int to) {
      inner.step(w, gradient, hiddenIn, hiddenOut, update, lr, from, to);
    }

    @Override
    public void forward(Optim4RlWeights w, Optim4RlTape tape, int k, float[] gradient, float clip, float[] update,
        float lr, int from, int to) {
      sink = new byte[200 * (to - from)];
      inner.forward(w, tape, k, gradient, clip, update, lr, from, to);
    }

    @Override
    public void backward(Optim4RlWeights w, Optim4RlTape tape, float[] adjoint, float lr, int from, int to,
        double[] metaGradient) {
      inner.backward(w, tape, adjoint, lr, from, to, metaGradient);
    }
  }

  @Test
  void allocationPerCoordinateTellsABoxedKernelFromAClean() {
    KernelBenchmark.Result clean = KernelBenchmark.run(Optim4RlScalarKernel.instance(), 4096, 2, 4, 7, 3);
    assertTrue(!clean.vectorsBoxed() && clean.allocatedBytesPerCoord() < 16, clean.toString());
    KernelBenchmark.Result boxed = KernelBenchmark.run(new AllocatingKernel(), 4096, 2, 4, 7, 3);
    // 4 forward steps x 200 bytes, counted on the pool's threads
    assertTrue(boxed.vectorsBoxed() && boxed.allocatedBytesPerCoord() >= 800, boxed.toString());
    assertNull(clean.warning());
    // 4,096 coordinates: too few for the JIT, so the warning says so rather than blaming C2
    assertTrue(boxed.warning().contains("4096 coordinates are too few for the JIT")
        && boxed.warning().contains("--coords " + KernelBenchmark.MIN_COMPILED_COORDS), boxed.warning());
  }

  @Test
  void onEnoughCoordinatesABoxedKernelIsBlamedOnTheJit() {
    KernelBenchmark.Result r = new KernelBenchmark.Result("vector", KernelBenchmark.MIN_COMPILED_COORDS, 2, 4,
        new int[] {16, 16}, 0.1, 0.2, 1e5, 1e5, 5, 900, List.of());
    assertEquals(KernelBenchmark.BOXED_WARNING, r.warning());
  }
}
