package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused Vector API kernel, the scalar float kernel and the double reference ({@link ReferenceUnroll})
 * agree on a random 4-step unroll (REFERENCE 4.2, 5.2) from random hidden states, with exact zero
 * gradients (whose update must be exactly 0) and gradients beyond the clip: updates, hidden states and
 * the meta-gradient within relative {@link #REL_TOL} plus an absolute floor of {@link #FLOOR} times the
 * largest expected magnitude. n is not a multiple of the vector length, so the scalar tail runs too.
 */
class KernelAgreementTest {

  /** float32 vs float64 (golden/README.md's rule for a float32 port). */
  static final double REL_TOL = 1e-4;
  /** Absolute floor as a fraction of max |expected| (float rounding of cancelling sums). */
  static final double FLOOR = 1e-5;
  private static final int STEPS = 4;
  private static final int N = 1003;

  @ParameterizedTest(name = "mlpDims {0}")
  @ValueSource(strings = {"16,16", ""})
  void vectorScalarAndReferenceAgree(String dims) {
    int[] mlpDims = KernelBenchmark.parseMlpDims(dims);
    SplittableRandom rng = new SplittableRandom(42);
    MetaParams phi = KernelFixtures.metaParams(mlpDims, 7);
    float[][] raw = KernelFixtures.gradients(STEPS, N, rng);
    float[] h0 = KernelFixtures.hidden(N, rng);
    float[] adjoint = KernelFixtures.adjoint(N, rng);

    ReferenceUnroll.Result ref = reference(phi, raw, h0, adjoint);
    for (Optim4RlKernel kernel : new Optim4RlKernel[] {Optim4RlVectorKernel.instance(), Optim4RlScalarKernel.instance()}) {
      String what = kernel.name() + " " + dims;
      Optim4RlWeights w = Optim4RlWeights.of(phi);
      Optim4RlTape tape = KernelFixtures.tape(h0, N, STEPS);
      for (int k = 0; k < STEPS; k++) {
        float[] update = new float[N];
        kernel.forward(w, tape, k, raw[k], KernelFixtures.CLIP, update, KernelFixtures.LR, 0, N);
        for (int c = 0; c < N; c++) {
          assertEquals(KernelFixtures.clip(raw[k][c]), tape.gradient(k)[c], what + " clipped g");
          if (raw[k][c] == 0) {
            assertEquals(0.0, update[c], 0.0, what + " update where g == 0, step " + k + " coordinate " + c);
          }
        }
        assertClose(what + " update step " + k, ref.updates()[k], toDouble(update));
        assertClose(what + " hidden step " + k, flatten(ref.states()[k]),
            flatten(HiddenLayout.toCoordinateMajor(tape.hidden(k + 1), N, Optim4RlKernel.STATE)));
      }
      double[] metaGradient = new double[phi.numParams()];
      kernel.backward(w, tape, adjoint, KernelFixtures.LR, 0, N, metaGradient);
      assertClose(what + " meta-gradient", ref.metaGradient(), metaGradient);
    }
  }

  /**
   * The forward of the vector kernel and of the scalar kernel (which takes a range's last (to - from) mod W
   * coordinates) give bit-identical updates, clipped gradients and hidden states, for the paper's heads,
   * the released configs' single Dense(8, 1) and widths that are not multiples of the vector kernel's
   * blocks of four outputs. Sharded meta-training must equal the unsharded run, and a shard boundary moves
   * coordinates between the two kernels; an update one ulp apart once changed a checkpoint.
   */
  @ParameterizedTest(name = "mlpDims {0}")
  @ValueSource(strings = {"16,16", "", "6,5"})
  void forwardOfVectorAndScalarKernelsIsBitIdentical(String dims) {
    int[] mlpDims = KernelBenchmark.parseMlpDims(dims);
    SplittableRandom rng = new SplittableRandom(17);
    Optim4RlWeights w = Optim4RlWeights.of(KernelFixtures.metaParams(mlpDims, 19));
    float[][] raw = KernelFixtures.gradients(STEPS, N, rng);
    float[] h0 = KernelFixtures.hidden(N, rng);
    Optim4RlTape tv = KernelFixtures.tape(h0, N, STEPS);
    Optim4RlTape ts = KernelFixtures.tape(h0, N, STEPS);
    for (int k = 0; k < STEPS; k++) {
      float[] uv = new float[N];
      float[] us = new float[N];
      Optim4RlVectorKernel.instance().forward(w, tv, k, raw[k], KernelFixtures.CLIP, uv, KernelFixtures.LR, 0, N);
      Optim4RlScalarKernel.instance().forward(w, ts, k, raw[k], KernelFixtures.CLIP, us, KernelFixtures.LR, 0, N);
      String at = "mlpDims [" + dims + "] step " + k;
      assertBits(at + " update", us, uv);
      assertBits(at + " clipped gradient", ts.gradient(k), tv.gradient(k));
      assertBits(at + " hidden", ts.hidden(k + 1), tv.hidden(k + 1));
    }
  }

  /**
   * From a zero hidden state with gradients of magnitudes 1e-8..1 (and zeros) the hidden states of
   * small-gradient coordinates are tiny: tanh must be accurate relative to its argument near 0, or the
   * meta-gradient drifts (this was a real bug). Fresh meta-parameters (zero biases), 3 x 4096 + 77
   * coordinates, meta-gradient within relative 2e-3 plus 1e-4 of the largest entry.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vector", "scalar"})
  void tinyGradientsFromZeroStateMatchTheReference(String which) {
    Optim4RlKernel kernel = which.equals("vector") ? Optim4RlVectorKernel.instance() : Optim4RlScalarKernel.instance();
    int n = 3 * 4096 + 77;
    SplittableRandom rng = new SplittableRandom(11);
    MetaParams phi = MetaParams.init(LearnedOptimizerKind.OPTIM4RL, new int[] {16, 16}, new SplittableRandom(3));
    Optim4RlWeights w = Optim4RlWeights.of(phi);
    float[][] g = new float[STEPS][n];
    for (float[] row : g) {
      for (int c = 0; c < n; c++) {
        row[c] = c % 7 == 0 ? 0f : (float) (rng.nextGaussian() * Math.pow(10, -rng.nextInt(9)));
      }
    }
    float[] adjoint = KernelFixtures.adjoint(n, rng);
    Optim4RlTape tape = Optim4RlTape.create(n, STEPS);
    for (int k = 0; k < STEPS; k++) {
      kernel.forward(w, tape, k, g[k], KernelFixtures.CLIP, new float[n], KernelFixtures.LR, 0, n);
    }
    double[] actual = new Optim4RlExecutor(kernel, null).metaGradient(w, tape, adjoint, KernelFixtures.LR, 0, n);
    ReferenceUnroll.Result ref = reference(phi, g, new float[HiddenLayout.size(n, Optim4RlKernel.STATE)], adjoint);
    double max = 0;
    for (double v : ref.metaGradient()) {
      max = Math.max(max, Math.abs(v));
    }
    for (int i = 0; i < actual.length; i++) {
      double e = ref.metaGradient()[i];
      if (!(Math.abs(actual[i] - e) <= 2e-3 * Math.abs(e) + 1e-4 * max)) {
        throw new AssertionError(which + " meta-gradient[" + i + "]: expected " + e + " but was " + actual[i]);
      }
    }
  }

  @Test
  void evaluationStepsOfVectorAndScalarKernelsAgree() {
    String dims = "16,16";
    SplittableRandom rng = new SplittableRandom(3);
    MetaParams phi = KernelFixtures.metaParams(new int[] {16, 16}, 11);
    Optim4RlWeights w = Optim4RlWeights.of(phi);
    int n = 77;
    float[][] raw = KernelFixtures.gradients(1, n, rng);
    float[] h0 = KernelFixtures.hidden(n, rng);
    float[] uv = new float[n];
    float[] us = new float[n];
    float[] hv = new float[h0.length];
    float[] hs = new float[h0.length];
    Optim4RlVectorKernel.instance().step(w, raw[0], h0, hv, uv, 1f, 0, n);
    Optim4RlScalarKernel.instance().step(w, raw[0], h0, hs, us, 1f, 0, n);
    assertBits(dims + " vector vs scalar update", us, uv);
    assertBits(dims + " vector vs scalar hidden", hs, hv);
  }

  static ReferenceUnroll.Result reference(MetaParams phi, float[][] raw, float[] h0, float[] adjoint) {
    int n = adjoint.length;
    double[][] g = new double[raw.length][n];
    for (int k = 0; k < raw.length; k++) {
      for (int c = 0; c < n; c++) {
        g[k][c] = KernelFixtures.clip(raw[k][c]);
      }
    }
    double[][] state = HiddenLayout.toCoordinateMajor(h0, n, Optim4RlKernel.STATE);
    return ReferenceUnroll.run(phi, state, g, toDouble(adjoint), KernelFixtures.LR);
  }

  /** Row-major flattening of per-coordinate vectors. */
  static double[] flatten(double[][] rows) {
    return java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  /** Bit-identical floats ({@code expected} from the scalar kernel, {@code actual} from the vector kernel). */
  static void assertBits(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        throw new AssertionError(what + "[" + i + "]: scalar " + expected[i] + ", vector " + actual[i]);
      }
    }
  }

  static void assertClose(String what, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, what + " length");
    double max = 0;
    for (double e : expected) {
      max = Math.max(max, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(actual[i] - expected[i]);
      double allowed = REL_TOL * Math.abs(expected[i]) + FLOOR * max;
      if (!(diff <= allowed)) {
        throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]
            + " (diff " + diff + ", allowed " + allowed + ")");
      }
    }
  }
}
