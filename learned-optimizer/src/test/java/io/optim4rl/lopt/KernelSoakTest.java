package io.optim4rl.lopt;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Many alternating forward/backward rounds after the vector kernel is JIT-compiled: its clipped gradients
 * and hidden states stay bit-identical with the scalar kernel's in every round (states carried over
 * between rounds; the sharded trainer needs that, a shard boundary moves coordinates between the vector
 * passes and the scalar tail), and so do the updates; the meta-gradients (per-lane float accumulators
 * against the scalar kernel's) agree within {@link KernelAgreementTest}'s tolerances.
 * The short agreement tests run mostly before C2 has compiled the kernel; an earlier experiment (a staged
 * forward) was bit-identical for the first rounds of a JVM and 1.6% off once the backward had been
 * compiled, which only a long run in one JVM shows.
 */
class KernelSoakTest {

  private static final int STEPS = 4;
  private static final int ROUNDS = 12;
  /** Two executor blocks plus a scalar tail. */
  private static final int N = 2 * Optim4RlExecutor.BLOCK + 37;

  @Test
  void vectorKernelStaysBitIdenticalWithTheScalarKernelOverManyRounds() {
    SplittableRandom rng = new SplittableRandom(5);
    Optim4RlWeights w = Optim4RlWeights.of(KernelFixtures.metaParams(new int[] {16, 16}, 13));
    Optim4RlKernel vector = Optim4RlVectorKernel.instance();
    Optim4RlKernel scalar = Optim4RlScalarKernel.instance();
    warmUp(vector, w, rng);

    float[] h0 = KernelFixtures.hidden(N, rng);
    Optim4RlTape tv = KernelFixtures.tape(h0, N, STEPS);
    Optim4RlTape ts = KernelFixtures.tape(h0, N, STEPS);
    for (int round = 0; round < ROUNDS; round++) {
      float[][] g = KernelFixtures.gradients(STEPS, N, rng);
      float[] adjoint = KernelFixtures.adjoint(N, rng);
      for (int k = 0; k < STEPS; k++) {
        float[] uv = new float[N];
        float[] us = new float[N];
        vector.forward(w, tv, k, g[k], KernelFixtures.CLIP, uv, KernelFixtures.LR, 0, N);
        scalar.forward(w, ts, k, g[k], KernelFixtures.CLIP, us, KernelFixtures.LR, 0, N);
        String at = "round " + round + " step " + k;
        KernelAgreementTest.assertBits(at + " update", us, uv);
        KernelAgreementTest.assertBits(at + " clipped gradient", ts.gradient(k), tv.gradient(k));
        KernelAgreementTest.assertBits(at + " hidden", ts.hidden(k + 1), tv.hidden(k + 1));
      }
      double[] mv = new double[w.numParams()];
      double[] ms = new double[w.numParams()];
      vector.backward(w, tv, adjoint, KernelFixtures.LR, 0, N, mv);
      scalar.backward(w, ts, adjoint, KernelFixtures.LR, 0, N, ms);
      KernelAgreementTest.assertClose("round " + round + " meta-gradient", ms, mv);
      tv.carryOver();
      ts.carryOver();
    }
  }

  /**
   * Enough forward and backward calls for C2 to compile the vector kernel's hot methods, made block by
   * block as {@link Optim4RlExecutor} makes them: whole methods are then compiled (not only their loops,
   * on-stack replacement), which is the code meta-training runs. A C2 miscompilation of a staged forward
   * (zero states once the forward was compiled this way) passed a warm-up of four whole-range calls.
   */
  private static void warmUp(Optim4RlKernel kernel, Optim4RlWeights w, SplittableRandom rng) {
    int n = 16 * Optim4RlExecutor.BLOCK;
    Optim4RlTape tape = Optim4RlTape.create(n, STEPS);
    float[][] g = KernelFixtures.gradients(STEPS, n, rng);
    float[] adjoint = KernelFixtures.adjoint(n, rng);
    Optim4RlExecutor exec = new Optim4RlExecutor(kernel, null);
    for (int rep = 0; rep < 8; rep++) {
      for (int k = 0; k < STEPS; k++) {
        exec.forward(w, tape, k, g[k], KernelFixtures.CLIP, KernelFixtures.LR, new float[n], 0, n);
      }
      exec.metaGradient(w, tape, adjoint, KernelFixtures.LR, 0, n);
      tape.carryOver();
    }
  }
}
