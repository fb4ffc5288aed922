package io.optim4rl.lopt;

import static io.optim4rl.lopt.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * One Optim4RL branch (GRU + MLP head, REFERENCE 4.2) on a group of L = SPECIES.length() coordinates,
 * one coordinate per vector lane: the scratch of the fused kernel and its forward and backward passes.
 * Every per-unit quantity is a "slot" of L floats in a small scratch array (unit i at {@code i * L}), so
 * no vector crosses a method boundary that the JIT might not inline. Parameter gradients go to per-lane
 * float accumulators {@code acc[p * L + lane]}. Formulas: {@link GruCell} and {@link ReluMlp}.
 */
final class VectorBranch {

  static final int L = SPECIES.length();
  private static final int H = LearnedOptimizerKind.HIDDEN;

  private final Optim4RlWeights.Branch b;
  private final float[] phi;
  final float[] h = new float[H * L];
  private final float[] r = new float[H * L];
  private final float[] z = new float[H * L];
  private final float[] u = new float[H * L];
  private final float[] n = new float[H * L];
  /** h' = the new state = the MLP input (acts[0]). */
  final float[] hNew = new float[H * L];
  /** The carried hidden-state adjoint dL/dh (from the later step). */
  final float[] delta = new float[H * L];
  private final float[] dh = new float[H * L];
  private final float[] du = new float[H * L];
  private final float[] daz = new float[H * L];
  private final float[] dar = new float[H * L];
  private final float[][] acts;
  private final float[] d;
  private final float[] dPrev;
  private final float[] x = new float[L];

  VectorBranch(Optim4RlWeights w, Optim4RlWeights.Branch b) {
    this.b = b;
    this.phi = w.phi;
    acts = new float[b.widths.length][];
    for (int l = 0; l < acts.length; l++) {
      acts[l] = l == 0 ? hNew : new float[b.widths[l] * L];
    }
    d = new float[b.maxWidth() * L];
    dPrev = new float[b.maxWidth() * L];
  }

  /** Loads the state of coordinates [c, c + L): units [unit0, unit0 + 8) of {@code hidden}. */
  void load(float[] hidden, int unit0, int stride, int c) {
    for (int j = 0; j < H; j++) {
      FloatVector.fromArray(SPECIES, hidden, (unit0 + j) * stride + c).intoArray(h, j * L);
    }
  }

  /** Stores h' of the group to units [unit0, unit0 + 8) of {@code hidden}. */
  void store(float[] hidden, int unit0, int stride, int c) {
    for (int j = 0; j < H; j++) {
      FloatVector.fromArray(SPECIES, hNew, j * L).intoArray(hidden, (unit0 + j) * stride + c);
    }
  }

  /** Forward of GRU and MLP for input {@code xv} from the loaded state; returns o (the MLP output). */
  FloatVector forward(FloatVector xv) {
    xv.intoArray(x, 0);
    gruForward(xv);
    int layers = b.layers();
    for (int l = 0; l < layers; l++) {
      dense(b.kernel[l], b.bias[l], b.widths[l], b.widths[l + 1], acts[l], acts[l + 1], l + 1 < layers);
    }
    return FloatVector.fromArray(SPECIES, acts[layers], 0);
  }

  private void gruForward(FloatVector xv) {
    for (int j = 0; j < H; j++) {
      FloatVector ar = xv.fma(bc(phi[b.wIr + j]), bc(phi[b.bIr + j]));
      FloatVector az = xv.fma(bc(phi[b.wIz + j]), bc(phi[b.bIz + j]));
      FloatVector an = xv.fma(bc(phi[b.wIn + j]), bc(phi[b.bIn + j]));
      FloatVector uj = bc(phi[b.bHn + j]);
      for (int i = 0; i < H; i++) {
        FloatVector hi = FloatVector.fromArray(SPECIES, h, i * L);
        int k = i * H + j;
        ar = hi.fma(bc(phi[b.wHr + k]), ar);
        az = hi.fma(bc(phi[b.wHz + k]), az);
        uj = hi.fma(bc(phi[b.wHn + k]), uj);
      }
      FloatVector rj = VectorMath.sigmoid(ar);
      FloatVector zj = VectorMath.sigmoid(az);
      FloatVector nj = VectorMath.tanh(rj.fma(uj, an));
      FloatVector hj = FloatVector.fromArray(SPECIES, h, j * L);
      rj.intoArray(r, j * L);
      zj.intoArray(z, j * L);
      uj.intoArray(u, j * L);
      nj.intoArray(n, j * L);
      zj.fma(hj.sub(nj), nj).intoArray(hNew, j * L);
    }
  }

  /** Dense layer y = x K + b (optionally ReLU) on slots, four outputs at a time. */
  private void dense(int kOff, int bOff, int nIn, int nOut, float[] in, float[] out, boolean relu) {
    int j = 0;
    for (; j + 4 <= nOut; j += 4) {
      FloatVector a0 = bc(phi[bOff + j]);
      FloatVector a1 = bc(phi[bOff + j + 1]);
      FloatVector a2 = bc(phi[bOff + j + 2]);
      FloatVector a3 = bc(phi[bOff + j + 3]);
      for (int i = 0; i < nIn; i++) {
        FloatVector xi = FloatVector.fromArray(SPECIES, in, i * L);
        int k = kOff + i * nOut + j;
        a0 = xi.fma(bc(phi[k]), a0);
        a1 = xi.fma(bc(phi[k + 1]), a1);
        a2 = xi.fma(bc(phi[k + 2]), a2);
        a3 = xi.fma(bc(phi[k + 3]), a3);
      }
      if (relu) {
        a0 = a0.max(0f);
        a1 = a1.max(0f);
        a2 = a2.max(0f);
        a3 = a3.max(0f);
      }
      a0.intoArray(out, j * L);
      a1.intoArray(out, (j + 1) * L);
      a2.intoArray(out, (j + 2) * L);
      a3.intoArray(out, (j + 3) * L);
    }
    for (; j < nOut; j++) {
      FloatVector a = bc(phi[bOff + j]);
      for (int i = 0; i < nIn; i++) {
        a = FloatVector.fromArray(SPECIES, in, i * L).fma(bc(phi[kOff + i * nOut + j]), a);
      }
      (relu ? a.max(0f) : a).intoArray(out, j * L);
    }
  }

  /**
   * Backward of the last forward for dL/do = {@code dO}: accumulates the parameter gradients and
   * replaces {@link #delta} (dL/dh' of this step, from the later step) by dL/dh of this step's input.
   */
  void backward(FloatVector dO, float[] acc) {
    dO.intoArray(d, 0);
    float[] cur = d;
    float[] prev = dPrev;
    for (int l = b.layers() - 1; l >= 0; l--) {
      denseBackward(b.kernel[l], b.bias[l], b.widths[l], b.widths[l + 1], acts[l], cur, prev, l > 0, acc);
      float[] t = cur;
      cur = prev;
      prev = t;
    }
    gruBackward(cur, acc);
  }

  /** dL/dK += x^T d, dL/db += d, dL/dx = d K^T (masked by x &gt; 0 behind a ReLU). */
  private void denseBackward(int kOff, int bOff, int nIn, int nOut, float[] in, float[] dOut, float[] dIn,
      boolean relu, float[] acc) {
    for (int j = 0; j < nOut; j++) {
      accumulate(acc, bOff + j, FloatVector.fromArray(SPECIES, dOut, j * L));
    }
    for (int i = 0; i < nIn; i++) {
      FloatVector xi = FloatVector.fromArray(SPECIES, in, i * L);
      FloatVector s = FloatVector.zero(SPECIES);
      int k = kOff + i * nOut;
      for (int j = 0; j < nOut; j++) {
        FloatVector dj = FloatVector.fromArray(SPECIES, dOut, j * L);
        int p = (k + j) * L;
        xi.fma(dj, FloatVector.fromArray(SPECIES, acc, p)).intoArray(acc, p);
        s = dj.fma(bc(phi[k + j]), s);
      }
      if (relu) {
        s = s.blend(0f, xi.compare(VectorOperators.LE, 0f));
      }
      s.intoArray(dIn, i * L);
    }
  }

  /** GRU backward (REFERENCE 5.2) with dL/dh' = delta + dMlp; writes dL/dh to delta. */
  private void gruBackward(float[] dMlp, float[] acc) {
    FloatVector xv = FloatVector.fromArray(SPECIES, x, 0);
    for (int j = 0; j < H; j++) {
      int s = j * L;
      FloatVector dl = FloatVector.fromArray(SPECIES, delta, s).add(FloatVector.fromArray(SPECIES, dMlp, s));
      FloatVector zj = FloatVector.fromArray(SPECIES, z, s);
      FloatVector nj = FloatVector.fromArray(SPECIES, n, s);
      FloatVector rj = FloatVector.fromArray(SPECIES, r, s);
      FloatVector one = bc(1f);
      FloatVector dan = dl.mul(one.sub(zj)).mul(one.sub(nj.mul(nj)));
      FloatVector dz = dl.mul(FloatVector.fromArray(SPECIES, h, s).sub(nj));
      FloatVector duj = dan.mul(rj);
      FloatVector dazj = dz.mul(zj).mul(one.sub(zj));
      FloatVector darj = dan.mul(FloatVector.fromArray(SPECIES, u, s)).mul(rj).mul(one.sub(rj));
      duj.intoArray(du, s);
      dazj.intoArray(daz, s);
      darj.intoArray(dar, s);
      dl.mul(zj).intoArray(dh, s);
      accumulate(acc, b.wIn + j, xv.mul(dan));
      accumulate(acc, b.bIn + j, dan);
      accumulate(acc, b.bHn + j, duj);
      accumulate(acc, b.wIz + j, xv.mul(dazj));
      accumulate(acc, b.bIz + j, dazj);
      accumulate(acc, b.wIr + j, xv.mul(darj));
      accumulate(acc, b.bIr + j, darj);
    }
    for (int i = 0; i < H; i++) {
      FloatVector hi = FloatVector.fromArray(SPECIES, h, i * L);
      FloatVector s = FloatVector.fromArray(SPECIES, dh, i * L);
      for (int j = 0; j < H; j++) {
        FloatVector duj = FloatVector.fromArray(SPECIES, du, j * L);
        FloatVector dazj = FloatVector.fromArray(SPECIES, daz, j * L);
        FloatVector darj = FloatVector.fromArray(SPECIES, dar, j * L);
        int k = i * H + j;
        fmaInto(acc, b.wHn + k, hi, duj);
        fmaInto(acc, b.wHz + k, hi, dazj);
        fmaInto(acc, b.wHr + k, hi, darj);
        s = duj.fma(bc(phi[b.wHn + k]), s);
        s = dazj.fma(bc(phi[b.wHz + k]), s);
        s = darj.fma(bc(phi[b.wHr + k]), s);
      }
      s.intoArray(delta, i * L);
    }
  }

  /** Zeroes the carried adjoint (start of a coordinate group's BPTT). */
  void clearDelta() {
    java.util.Arrays.fill(delta, 0f);
  }

  private static void accumulate(float[] acc, int param, FloatVector v) {
    int p = param * L;
    FloatVector.fromArray(SPECIES, acc, p).add(v).intoArray(acc, p);
  }

  private static void fmaInto(float[] acc, int param, FloatVector a, FloatVector b) {
    int p = param * L;
    a.fma(b, FloatVector.fromArray(SPECIES, acc, p)).intoArray(acc, p);
  }

  private static FloatVector bc(float v) {
    return FloatVector.broadcast(SPECIES, v);
  }
}
