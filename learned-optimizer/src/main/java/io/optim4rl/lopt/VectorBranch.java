package io.optim4rl.lopt;

import static io.optim4rl.lopt.VectorMath.L;
import static io.optim4rl.lopt.VectorMath.SPECIES;
import static io.optim4rl.lopt.VectorMath.W;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * One Optim4RL branch (GRU + MLP head, REFERENCE 4.2) on a pass of W = 2 L coordinates (one coordinate
 * per lane of two vectors): the scratch of the fused kernel and its forward and backward. Every
 * per-unit quantity is a slot of W floats in a small scratch array (unit i at {@code i * W}; a few KB in
 * all, L1-resident); methods take arrays and ints only ({@link VectorMath}). Parameter gradients go to
 * per-lane float accumulators {@code acc[p * L ..]}. Formulas: {@link GruCell} and {@link ReluMlp}; the
 * matrix products are {@link VectorLinear}'s; elementwise passes run over all vectors of their slots.
 */
final class VectorBranch {

  private static final int H = LearnedOptimizerKind.HIDDEN;

  private final Optim4RlWeights.Branch b;
  private final float[] phi;
  private final float[] phiT;
  private final float[] hiddenT;
  private final float[] hiddenS;
  /** The GRU input x (one slot), set by the kernel. */
  final float[] x = new float[W];
  /** dL/do for the backward (one slot), set by the kernel. */
  final float[] dOut = new float[W];
  private final float[] h = new float[H * W];
  /** r at slots 0..7, z at 8..15 (pre-activations until the sigmoid pass), u = h W_hn + b_hn at 16..23. */
  private final float[] gates = new float[3 * H * W];
  /** The first float of u in {@link #gates}. */
  private static final int U = 2 * H * W;
  private final float[] n = new float[H * W];
  /** h' = the new state = the MLP input (acts[0]). */
  private final float[] hNew = new float[H * W];
  /** The carried hidden-state adjoint: dL/dh' of the current step, then dL/dh (for the earlier step). */
  private final float[] delta = new float[H * W];
  /** The gate adjoints da_r (slots 0..7), da_z (8..15) and du (16..23), in the order of {@link Optim4RlWeights#hiddenTransposed}. */
  private final float[] dGates = new float[3 * H * W];
  private final float[][] acts;
  private final float[] d;
  private final float[] dPrev;

  VectorBranch(Optim4RlWeights w, Optim4RlWeights.Branch b) {
    this.b = b;
    this.phi = w.packed;
    this.phiT = w.packedTransposed;
    this.hiddenT = w.hiddenTransposed;
    this.hiddenS = w.hiddenStacked;
    acts = new float[b.widths.length][];
    for (int l = 0; l < acts.length; l++) {
      acts[l] = l == 0 ? hNew : new float[b.widths[l] * W];
    }
    d = new float[b.maxWidth() * W];
    dPrev = new float[b.maxWidth() * W];
  }

  /** The MLP output o (one slot) of the last forward. */
  float[] output() {
    return acts[acts.length - 1];
  }

  /** Loads units [unit0, unit0 + 8) of coordinates [c, c + W) of a buffer of n coordinates. */
  void load(float[] hidden, int unit0, int n, int c) {
    for (int j = 0; j < H; j++) {
      int src = HiddenLayout.index(c, unit0 + j, n);
      FloatVector.fromArray(SPECIES, hidden, src).intoArray(h, j * W);
      FloatVector.fromArray(SPECIES, hidden, src + L).intoArray(h, j * W + L);
    }
  }

  /** Stores h' of the pass to units [unit0, unit0 + 8) of a buffer of n coordinates. */
  void store(float[] hidden, int unit0, int n, int c) {
    for (int j = 0; j < H; j++) {
      int dst = HiddenLayout.index(c, unit0 + j, n);
      FloatVector.fromArray(SPECIES, hNew, j * W).intoArray(hidden, dst);
      FloatVector.fromArray(SPECIES, hNew, j * W + L).intoArray(hidden, dst + L);
    }
  }

  /** Forward of GRU and MLP from {@link #x} and the loaded state; the output is in {@link #output()}. */
  void forward() {
    // r, z pre-activations and u as one 24-output product over the stacked hidden kernels
    VectorLinear.affine(hiddenS, h, H, b.hS, 3 * H, gates, 0, x, b.hS + Optim4RlWeights.Branch.STACKED_INPUT,
        b.hS + Optim4RlWeights.Branch.STACKED_BIAS, false);
    VectorMath.sigmoidPairsInPlace(gates, 0, H, H);
    candidateAndNewState();
    int layers = b.layers();
    for (int l = 0; l < layers; l++) {
      VectorLinear.affine(phi, acts[l], b.widths[l], b.kernel[l], b.widths[l + 1], acts[l + 1], 0, null, 0,
          b.bias[l], l + 1 < layers);
    }
  }

  /**
   * One pass over the units: n = tanh(x W_in + b_in + r u) (the rational tanh of
   * {@link VectorMath#tanh(float)}) and h' = (1 - z) n + z h = n + z (h - n).
   */
  private void candidateAndNewState() {
    FloatVector a9 = FloatVector.broadcast(SPECIES, VectorMath.A9);
    FloatVector a7 = FloatVector.broadcast(SPECIES, VectorMath.A7);
    FloatVector a5 = FloatVector.broadcast(SPECIES, VectorMath.A5);
    FloatVector a3 = FloatVector.broadcast(SPECIES, VectorMath.A3);
    FloatVector a1 = FloatVector.broadcast(SPECIES, VectorMath.A1);
    FloatVector b2 = FloatVector.broadcast(SPECIES, VectorMath.B2);
    FloatVector b0 = FloatVector.broadcast(SPECIES, VectorMath.B0);
    float clamp = VectorMath.TANH_CLAMP;
    for (int j = 0; j < H; j++) {
      FloatVector win = FloatVector.broadcast(SPECIES, phi[b.wIn + j]);
      FloatVector bin = FloatVector.broadcast(SPECIES, phi[b.bIn + j]);
      for (int v = 0; v < W; v += L) {
        int o = j * W + v;
        FloatVector t = FloatVector.fromArray(SPECIES, gates, o)
            .fma(FloatVector.fromArray(SPECIES, gates, U + o), FloatVector.fromArray(SPECIES, x, v).fma(win, bin));
        t = t.blend(-clamp, t.compare(VectorOperators.LT, -clamp)).blend(clamp, t.compare(VectorOperators.GT, clamp));
        FloatVector zz = t.mul(t);
        FloatVector p = zz.fma(VectorMath.A13, VectorMath.A11).fma(zz, a9).fma(zz, a7).fma(zz, a5).fma(zz, a3).fma(zz, a1);
        FloatVector q = zz.fma(VectorMath.B6, VectorMath.B4).fma(zz, b2).fma(zz, b0);
        FloatVector nj = p.mul(t).div(q);
        nj.intoArray(n, o);
        FloatVector.fromArray(SPECIES, gates, H * W + o)
            .fma(FloatVector.fromArray(SPECIES, h, o).sub(nj), nj).intoArray(hNew, o);
      }
    }
  }

  /** Zeroes the carried adjoint (start of a pass's BPTT). */
  void clearDelta() {
    java.util.Arrays.fill(delta, 0f);
  }

  /**
   * Backward of the last forward for dL/do = {@link #dOut}: accumulates the parameter gradients into
   * {@code acc} and replaces the carried adjoint (dL/dh' of this step from the later step) by dL/dh of
   * this step's input state, unless {@code inputAdjoint} is false (the first step of a BPTT: its input
   * state is a constant, REFERENCE 5.2, so its adjoint, a 24-input product, is not needed).
   */
  void backward(float[] acc, boolean inputAdjoint) {
    System.arraycopy(dOut, 0, d, 0, W);
    float[] cur = d;
    float[] prev = dPrev;
    for (int l = b.layers() - 1; l >= 0; l--) {
      int nIn = b.widths[l];
      int nOut = b.widths[l + 1];
      VectorLinear.outerAccumulate(acts[l], nIn, cur, 0, nOut, b.kernel[l], b.bias[l], acc);
      if (l == 0) {
        VectorLinear.matvecAdd(phiT, cur, nOut, b.kernel[l], nIn, delta, 0); // dL/dh' += d K^T
      } else {
        VectorLinear.affine(phiT, cur, nOut, b.kernel[l], nIn, prev, 0, null, 0, VectorLinear.ZERO, false);
        reluBackward(prev, acts[l], nIn);
        float[] t = cur;
        cur = prev;
        prev = t;
      }
    }
    gruGateAdjoints(acc);
    VectorLinear.outerAccumulate(h, H, dGates, 0, H, b.wHr, -1, acc);
    VectorLinear.outerAccumulate(h, H, dGates, H, H, b.wHz, -1, acc);
    VectorLinear.outerAccumulate(h, H, dGates, 2 * H, H, b.wHn, -1, acc);
    if (inputAdjoint) {
      // dL/dh = delta z + da_r W_hr^T + da_z W_hz^T + du W_hn^T as one 24-input product (delta holds delta z)
      VectorLinear.matvecAdd(hiddenT, dGates, 3 * H, b.hT, H, delta, 0);
    }
  }

  /** Zero the adjoint where the ReLU's output (the next layer's input) is 0. */
  private static void reluBackward(float[] dIn, float[] in, int slots) {
    for (int o = 0; o < slots * W; o += L) {
      FloatVector v = FloatVector.fromArray(SPECIES, dIn, o);
      v.blend(0f, FloatVector.fromArray(SPECIES, in, o).compare(VectorOperators.LE, 0f)).intoArray(dIn, o);
    }
  }

  /**
   * GRU gate adjoints (REFERENCE 5.2) from delta = dL/dh': da_n = delta (1 - z)(1 - n^2), du = da_n r,
   * da_z = delta (h - n) z (1 - z), da_r = da_n u r (1 - r), into {@link #dGates} (da_n is not stored);
   * delta is replaced by delta z, the direct part of dL/dh. The gradients of the four biases and of the
   * three (1, 8) input kernels are accumulated here while the adjoints are in registers.
   */
  private void gruGateAdjoints(float[] acc) {
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector xa = FloatVector.fromArray(SPECIES, x, 0);
    FloatVector xb = FloatVector.fromArray(SPECIES, x, L);
    for (int j = 0; j < H; j++) {
      int o = j * W;
      FloatVector dl = FloatVector.fromArray(SPECIES, delta, o);
      FloatVector rj = FloatVector.fromArray(SPECIES, gates, o);
      FloatVector zj = FloatVector.fromArray(SPECIES, gates, H * W + o);
      FloatVector nj = FloatVector.fromArray(SPECIES, n, o);
      FloatVector dana = dl.mul(one.sub(zj)).mul(nj.fma(nj.neg(), one));
      FloatVector dua = dana.mul(rj);
      FloatVector daza = dl.mul(FloatVector.fromArray(SPECIES, h, o).sub(nj)).mul(zj).mul(one.sub(zj));
      FloatVector dara = dana.mul(FloatVector.fromArray(SPECIES, gates, U + o)).mul(rj).mul(one.sub(rj));
      dl.mul(zj).intoArray(delta, o);
      dara.intoArray(dGates, o);
      daza.intoArray(dGates, H * W + o);
      dua.intoArray(dGates, 2 * H * W + o);
      o += L;
      dl = FloatVector.fromArray(SPECIES, delta, o);
      rj = FloatVector.fromArray(SPECIES, gates, o);
      zj = FloatVector.fromArray(SPECIES, gates, H * W + o);
      nj = FloatVector.fromArray(SPECIES, n, o);
      FloatVector danb = dl.mul(one.sub(zj)).mul(nj.fma(nj.neg(), one));
      FloatVector dub = danb.mul(rj);
      FloatVector dazb = dl.mul(FloatVector.fromArray(SPECIES, h, o).sub(nj)).mul(zj).mul(one.sub(zj));
      FloatVector darb = danb.mul(FloatVector.fromArray(SPECIES, gates, U + o)).mul(rj).mul(one.sub(rj));
      dl.mul(zj).intoArray(delta, o);
      darb.intoArray(dGates, o);
      dazb.intoArray(dGates, H * W + o);
      dub.intoArray(dGates, 2 * H * W + o);
      // per-lane accumulators (parameter p at acc[p * L ..]; (1, 8) kernels are packed as stored)
      int q = (b.bIn + j) * L;
      dana.add(danb).add(FloatVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
      q = (b.bHn + j) * L;
      dua.add(dub).add(FloatVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
      q = (b.bIz + j) * L;
      daza.add(dazb).add(FloatVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
      q = (b.bIr + j) * L;
      dara.add(darb).add(FloatVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
      q = (b.wIn + j) * L;
      xb.fma(danb, xa.fma(dana, FloatVector.fromArray(SPECIES, acc, q))).intoArray(acc, q);
      q = (b.wIz + j) * L;
      xb.fma(dazb, xa.fma(daza, FloatVector.fromArray(SPECIES, acc, q))).intoArray(acc, q);
      q = (b.wIr + j) * L;
      xb.fma(darb, xa.fma(dara, FloatVector.fromArray(SPECIES, acc, q))).intoArray(acc, q);
    }
  }
}
