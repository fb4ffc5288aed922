package io.optim4rl.lopt;

/**
 * {@link Optim4RlKernel} as plain scalar float loops, one coordinate at a time: the readable float
 * version of {@link Optim4RlVectorKernel} (same formulas, FMAs and exp polynomial, {@link VectorMath#exp};
 * the summation order differs in places) and its handler for coordinates outside the vector passes.
 * Formulas: see {@link Optim4RlReference}, {@link GruCell}, {@link ReluMlp}. The backward recomputes
 * both branches at every step and accumulates the meta-gradient in one float array per call.
 */
public final class Optim4RlScalarKernel implements Optim4RlKernel {

  private static final int H = LearnedOptimizerKind.HIDDEN;
  private static final Optim4RlScalarKernel INSTANCE = new Optim4RlScalarKernel();

  private Optim4RlScalarKernel() {}

  public static Optim4RlScalarKernel instance() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void step(Optim4RlWeights w, float[] gradient, float[] hiddenIn, float[] hiddenOut, float[] update,
      float lr, int from, int to) {
    run(w, gradient, 0f, null, hiddenIn, hiddenOut, update, lr, hiddenIn.length / STATE, from, to);
  }

  @Override
  public void forward(Optim4RlWeights w, Optim4RlTape tape, int k, float[] gradient, float clip, float[] update,
      float lr, int from, int to) {
    run(w, gradient, clip, tape.gradient(k), tape.hidden(k), tape.hidden(k + 1), update, lr, tape.numCoords(),
        from, to);
  }

  /** One step, optionally recording the clipped gradient (clippedOut may be null). */
  private static void run(Optim4RlWeights w, float[] gradient, float clip, float[] clippedOut, float[] hiddenIn,
      float[] hiddenOut, float[] update, float lr, int n, int from, int to) {
    Work s = new Work(w);
    for (int c = from; c < to; c++) {
      float g = clip > 0 ? Math.max(-clip, Math.min(clip, gradient[c])) : gradient[c];
      if (clippedOut != null) {
        clippedOut[c] = g;
      }
      float out = s.forward(w, g, hiddenIn, n, c);
      for (int j = 0; j < H; j++) {
        hiddenOut[HiddenLayout.index(c, j, n)] = s.b1.hNew[j];
        hiddenOut[HiddenLayout.index(c, H + j, n)] = s.b2.hNew[j];
      }
      update[c] = lr * out;
    }
  }

  @Override
  public void backward(Optim4RlWeights w, Optim4RlTape tape, float[] adjoint, float lr, int from, int to,
      double[] metaGradient) {
    Work s = new Work(w);
    float[] acc = new float[w.numParams()];
    for (int c = from; c < to; c++) {
      java.util.Arrays.fill(s.b1.delta, 0f);
      java.util.Arrays.fill(s.b2.delta, 0f);
      float dOut = lr * adjoint[c];
      for (int k = tape.steps() - 1; k >= 0; k--) {
        float g = tape.gradient(k)[c];
        float out = s.forward(w, g, tape.hidden(k), tape.numCoords(), c);
        float do1 = dOut * out;
        float do2 = -0.5f * dOut * out * s.e2 / (s.e2 + (float) Optim4RlReference.EPS);
        s.b1.backward(w.phi, w.branch1, do1, acc);
        s.b2.backward(w.phi, w.branch2, do2, acc);
      }
    }
    for (int p = 0; p < acc.length; p++) {
      metaGradient[p] += acc[p];
    }
  }

  /** Scratch of one coordinate's step: both branches and exp(o2). */
  private static final class Work {
    final BranchWork b1;
    final BranchWork b2;
    float e2;

    Work(Optim4RlWeights w) {
      b1 = new BranchWork(w.branch1);
      b2 = new BranchWork(w.branch2);
    }

    /** Forward of coordinate c from the state in {@code hidden}; returns out (without lr). */
    float forward(Optim4RlWeights w, float g, float[] hidden, int n, int c) {
      for (int j = 0; j < H; j++) {
        b1.h[j] = hidden[HiddenLayout.index(c, j, n)];
        b2.h[j] = hidden[HiddenLayout.index(c, H + j, n)];
      }
      float o1 = b1.forward(w.phi, w.branch1, g);
      float o2 = b2.forward(w.phi, w.branch2, g * g);
      e2 = VectorMath.exp(o2);
      float m = VectorMath.exp(o1) / (float) Math.sqrt(e2 + (float) Optim4RlReference.EPS);
      // -sign(g) m; exactly 0 where g == 0 (NaN stays NaN)
      return g > 0 ? -m : g < 0 ? m : g * 0f;
    }
  }

  /** One branch's activations: GRU gates and MLP layer outputs; delta = the carried dL/dh. */
  private static final class BranchWork {
    final float[] h = new float[H];
    final float[] r = new float[H];
    final float[] z = new float[H];
    final float[] u = new float[H];
    final float[] n = new float[H];
    final float[] hNew = new float[H];
    final float[] delta = new float[H];
    final float[] dh = new float[H];
    final float[] du = new float[H];
    final float[] daz = new float[H];
    final float[] dar = new float[H];
    final float[][] acts;
    final float[] d;
    final float[] dPrev;
    float x;

    BranchWork(Optim4RlWeights.Branch b) {
      acts = new float[b.widths.length][];
      for (int l = 0; l < acts.length; l++) {
        acts[l] = l == 0 ? hNew : new float[b.widths[l]];
      }
      d = new float[b.maxWidth()];
      dPrev = new float[b.maxWidth()];
    }

    float forward(float[] phi, Optim4RlWeights.Branch b, float xIn) {
      x = xIn;
      for (int j = 0; j < H; j++) {
        float ar = Math.fma(x, phi[b.wIr + j], phi[b.bIr + j]);
        float az = Math.fma(x, phi[b.wIz + j], phi[b.bIz + j]);
        float an = Math.fma(x, phi[b.wIn + j], phi[b.bIn + j]);
        float uj = phi[b.bHn + j];
        for (int i = 0; i < H; i++) {
          ar = Math.fma(h[i], phi[b.wHr + i * H + j], ar);
          az = Math.fma(h[i], phi[b.wHz + i * H + j], az);
          uj = Math.fma(h[i], phi[b.wHn + i * H + j], uj);
        }
        float pr = VectorMath.onePlusExpNeg(ar); // r, z with one division, as the vector kernel
        float pz = VectorMath.onePlusExpNeg(az);
        float inv = 1f / (pr * pz);
        r[j] = pz * inv;
        z[j] = pr * inv;
        u[j] = uj;
        n[j] = VectorMath.tanh(Math.fma(r[j], uj, an));
        hNew[j] = Math.fma(z[j], h[j] - n[j], n[j]);
      }
      int layers = b.layers();
      for (int l = 0; l < layers; l++) {
        float[] in = acts[l];
        float[] out = acts[l + 1];
        int nIn = b.widths[l];
        int nOut = b.widths[l + 1];
        int blocked = nOut / 4 * 4;
        for (int j = 0; j < nOut; j++) {
          float y = j < blocked
              ? dot(in, nIn, phi, b.kernel[l] + j, nOut, phi[b.bias[l] + j])
              : dotPairs(in, nIn, phi, b.kernel[l] + j, nOut, phi[b.bias[l] + j]);
          out[j] = l + 1 < layers ? Math.max(y, 0f) : y;
        }
      }
      return acts[layers][0];
    }

    /** init + sum_i in[i] K[i][j] in input order (K at phi[k ..] with row stride nOut, k = kernel + j). */
    private static float dot(float[] in, int nIn, float[] phi, int k, int nOut, float init) {
      float y = init;
      for (int i = 0; i < nIn; i++) {
        y = Math.fma(in[i], phi[k + i * nOut], y);
      }
      return y;
    }

    /**
     * The same sum in the vector kernel's order for outputs outside its blocks of four
     * ({@code VectorLinear.matvecAddOne}): even inputs onto init, odd inputs onto 0, then the two added.
     * The updates of coordinates in the scalar tail are then bit-identical with the vector passes' (a
     * shard boundary moves coordinates between the two, and sharded meta-training must equal unsharded).
     */
    private static float dotPairs(float[] in, int nIn, float[] phi, int k, int nOut, float init) {
      float even = init;
      float odd = 0f;
      int i = 0;
      for (; i + 2 <= nIn; i += 2) {
        even = Math.fma(in[i], phi[k + i * nOut], even);
        odd = Math.fma(in[i + 1], phi[k + (i + 1) * nOut], odd);
      }
      if (i < nIn) {
        even = Math.fma(in[i], phi[k + i * nOut], even);
      }
      return even + odd;
    }

    /** Backward of the last forward for dL/do = dO; delta (dL/dh') in, dL/dh out. */
    void backward(float[] phi, Optim4RlWeights.Branch b, float dO, float[] acc) {
      mlpBackward(phi, b, dO, acc);
      for (int j = 0; j < H; j++) {
        float dl = delta[j] + d[j];
        float dn = dl * (1f - z[j]);
        float dz = dl * (h[j] - n[j]);
        float dan = dn * (1f - n[j] * n[j]);
        du[j] = dan * r[j];
        daz[j] = dz * z[j] * (1f - z[j]);
        dar[j] = dan * u[j] * r[j] * (1f - r[j]);
        dh[j] = dl * z[j];
        acc[b.wIn + j] += x * dan;
        acc[b.bIn + j] += dan;
        acc[b.bHn + j] += du[j];
        acc[b.wIz + j] += x * daz[j];
        acc[b.bIz + j] += daz[j];
        acc[b.wIr + j] += x * dar[j];
        acc[b.bIr + j] += dar[j];
      }
      for (int i = 0; i < H; i++) {
        float s = dh[i];
        for (int j = 0; j < H; j++) {
          acc[b.wHn + i * H + j] += h[i] * du[j];
          acc[b.wHz + i * H + j] += h[i] * daz[j];
          acc[b.wHr + i * H + j] += h[i] * dar[j];
          s += du[j] * phi[b.wHn + i * H + j] + daz[j] * phi[b.wHz + i * H + j] + dar[j] * phi[b.wHr + i * H + j];
        }
        delta[i] = s;
      }
    }

    /** MLP backward from dL/do = dO; leaves dL/dh' (the MLP input) in d[0..8). */
    private void mlpBackward(float[] phi, Optim4RlWeights.Branch b, float dO, float[] acc) {
      float[] cur = d;
      float[] prev = dPrev;
      cur[0] = dO;
      for (int l = b.layers() - 1; l >= 0; l--) {
        float[] in = acts[l];
        int nIn = b.widths[l];
        int nOut = b.widths[l + 1];
        for (int j = 0; j < nOut; j++) {
          acc[b.bias[l] + j] += cur[j];
        }
        for (int i = 0; i < nIn; i++) {
          float s = 0f;
          for (int j = 0; j < nOut; j++) {
            acc[b.kernel[l] + i * nOut + j] += in[i] * cur[j];
            s += phi[b.kernel[l] + i * nOut + j] * cur[j];
          }
          prev[i] = l == 0 || in[i] > 0f ? s : 0f;
        }
        float[] t = cur;
        cur = prev;
        prev = t;
      }
      if (cur != d) {
        System.arraycopy(cur, 0, d, 0, H);
      }
    }
  }
}
