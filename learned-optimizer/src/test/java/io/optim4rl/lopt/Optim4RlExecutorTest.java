package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * {@link Optim4RlExecutor}: the meta-gradient of a coordinate range is bit-identical whatever the
 * number of threads (fixed blocks, block results summed in block order), equals the sequential sum of
 * the kernel's per-block results, and per-unit results equal single-range calls; the parallel forward
 * equals the sequential one.
 */
class Optim4RlExecutorTest {

  private static final int STEPS = 4;

  @Test
  void metaGradientIsIndependentOfTheThreadCount() {
    int n = 3 * Optim4RlExecutor.BLOCK + 123;
    SplittableRandom rng = new SplittableRandom(1);
    Optim4RlWeights w = Optim4RlWeights.of(KernelFixtures.metaParams(new int[] {16, 16}, 2));
    float[][] g = KernelFixtures.gradients(STEPS, n, rng);
    float[] adjoint = KernelFixtures.adjoint(n, rng);
    double[] reference = null;
    float[] referenceHidden = null;
    for (int threads : new int[] {1, 2, 3}) {
      ForkJoinPool pool = new ForkJoinPool(threads);
      try {
        Optim4RlExecutor exec = new Optim4RlExecutor(Optim4RlVectorKernel.instance(), pool);
        Optim4RlTape tape = Optim4RlTape.create(n, STEPS);
        float[] update = new float[n];
        for (int k = 0; k < STEPS; k++) {
          exec.forward(w, tape, k, g[k], KernelFixtures.CLIP, KernelFixtures.LR, update, 0, n);
        }
        double[] mg = exec.metaGradient(w, tape, adjoint, KernelFixtures.LR, 0, n);
        if (reference == null) {
          reference = mg;
          referenceHidden = tape.hidden(STEPS).clone();
          assertArrayEquals(sequentialBlocks(w, tape, adjoint, n), mg, 0.0, "blocked sum");
        } else {
          assertArrayEquals(reference, mg, 0.0, threads + " threads");
          assertArrayEquals(referenceHidden, tape.hidden(STEPS), 0f, threads + " threads, hidden state");
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void unitsAreReducedSeparatelyAndInOrder() {
    int perUnit = 5000;
    int units = 3;
    int n = units * perUnit;
    SplittableRandom rng = new SplittableRandom(4);
    Optim4RlWeights w = Optim4RlWeights.of(KernelFixtures.metaParams(new int[0], 5));
    Optim4RlTape tape = Optim4RlTape.create(n, STEPS);
    float[][] g = KernelFixtures.gradients(STEPS, n, rng);
    float[] adjoint = KernelFixtures.adjoint(n, rng);
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      Optim4RlExecutor exec = new Optim4RlExecutor(Optim4RlVectorKernel.instance(), pool);
      float[] update = new float[n];
      for (int k = 0; k < STEPS; k++) {
        exec.forward(w, tape, k, g[k], KernelFixtures.CLIP, KernelFixtures.LR, update, 0, n);
      }
      List<Optim4RlExecutor.Unit> list = new ArrayList<>();
      for (int u = 0; u < units; u++) {
        list.add(new Optim4RlExecutor.Unit(tape, adjoint, KernelFixtures.LR, u * perUnit, (u + 1) * perUnit));
      }
      double[][] perUnitGrads = exec.metaGradients(w, list);
      Optim4RlExecutor sequential = new Optim4RlExecutor(Optim4RlVectorKernel.instance(), null);
      for (int u = 0; u < units; u++) {
        assertArrayEquals(sequential.metaGradient(w, tape, adjoint, KernelFixtures.LR, u * perUnit, (u + 1) * perUnit),
            perUnitGrads[u], 0.0, "unit " + u);
      }
      double[] sum = Optim4RlExecutor.sumInOrder(perUnitGrads, w.numParams());
      double[] expected = new double[w.numParams()];
      for (double[] gu : perUnitGrads) {
        for (int i = 0; i < expected.length; i++) {
          expected[i] += gu[i];
        }
      }
      assertArrayEquals(expected, sum, 0.0);
    } finally {
      pool.shutdown();
    }
  }

  /** The kernel's backward on blocks [b, b + BLOCK) summed in block order, in the calling thread. */
  private static double[] sequentialBlocks(Optim4RlWeights w, Optim4RlTape tape, float[] adjoint, int n) {
    double[] total = new double[w.numParams()];
    for (int b = 0; b < n; b += Optim4RlExecutor.BLOCK) {
      double[] block = new double[w.numParams()];
      Optim4RlVectorKernel.instance().backward(w, tape, adjoint, KernelFixtures.LR, b,
          Math.min(n, b + Optim4RlExecutor.BLOCK), block);
      for (int i = 0; i < total.length; i++) {
        total[i] += block[i];
      }
    }
    return total;
  }
}
