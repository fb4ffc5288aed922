package io.optim4rl.lopt;

import java.util.SplittableRandom;

/** Random Optim4RL unrolls for the kernel tests: meta-parameters, hidden states, gradients, adjoints. */
final class KernelFixtures {

  static final float CLIP = 1f;
  static final float LR = 0.003f;

  private KernelFixtures() {}

  /** Freshly initialised Optim4RL meta-parameters with random (non-zero) biases. */
  static MetaParams metaParams(int[] mlpDims, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return randomBiases(MetaParams.init(LearnedOptimizerKind.OPTIM4RL, mlpDims, rng), rng);
  }

  /** {@code fresh} with biases drawn from N(0, 0.3^2), so no term is trivially 0. */
  static MetaParams randomBiases(MetaParams fresh, SplittableRandom rng) {
    double[] v = fresh.values();
    for (var t : fresh.layout().tensors()) {
      if (t.name().endsWith(".bias")) {
        for (int i = 0; i < t.size(); i++) {
          v[(int) t.offset() + i] = 0.3 * rng.nextGaussian();
        }
      }
    }
    return fresh.withValues(v);
  }

  /**
   * Raw gradients [k][c]: about 10% exact zeros, 10% beyond the clip (|g| up to 5), 10% tiny, the rest
   * normal with scale 0.3; coordinate 0 is 0 at every step.
   */
  static float[][] gradients(int steps, int n, SplittableRandom rng) {
    float[][] g = new float[steps][n];
    for (int k = 0; k < steps; k++) {
      for (int c = 1; c < n; c++) {
        double u = rng.nextDouble();
        double v = u < 0.1 ? 0 : u < 0.2 ? 5 * (rng.nextDouble() * 2 - 1) : u < 0.3 ? 1e-6 * rng.nextGaussian()
            : 0.3 * rng.nextGaussian();
        g[k][c] = (float) v;
      }
    }
    return g;
  }

  /** A hidden state in (-0.9, 0.9) for every unit, {@link HiddenLayout}. */
  static float[] hidden(int n, SplittableRandom rng) {
    float[] h = new float[HiddenLayout.size(n, Optim4RlKernel.STATE)];
    for (int i = 0; i < h.length; i++) {
      h[i] = (float) (1.8 * rng.nextDouble() - 0.9);
    }
    return h;
  }

  /** A zeroed tape for n coordinates and M = steps whose first hidden state is a copy of {@code h0}. */
  static Optim4RlTape tape(float[] h0, int n, int steps) {
    Optim4RlTape tape = Optim4RlTape.create(n, steps);
    System.arraycopy(h0, 0, tape.hidden(0), 0, h0.length);
    return tape;
  }

  /** dL/dupdate per coordinate, N(0, 1): the benchmark's adjoint. */
  static float[] adjoint(int n, SplittableRandom rng) {
    return KernelBenchmark.randomAdjoint(rng, n);
  }

  static float clip(float g) {
    return Math.max(-CLIP, Math.min(CLIP, g));
  }
}
