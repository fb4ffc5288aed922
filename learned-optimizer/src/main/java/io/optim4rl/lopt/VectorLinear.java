package io.optim4rl.lopt;

import static io.optim4rl.lopt.VectorMath.L;
import static io.optim4rl.lopt.VectorMath.SPECIES;
import static io.optim4rl.lopt.VectorMath.W;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The linear-algebra building blocks of the fused kernel on slots of W = 2 L coordinates (vectors A and
 * B, see {@link VectorMath}), with kernels K (nIn x nOut) in the packed order of
 * {@link Optim4RlWeights#packed} at offset kOff (blocks of four output columns {@code [block][i][4]},
 * then single columns {@code [j][i]}), either the forward weights or the transposed ones for the
 * backward's products d K^T. Per-lane gradient accumulators in the same packed order: parameter p at
 * {@code acc[p * L ..]}, shared by the A and B vectors. All weight and accumulator indices move with
 * constant strides inside the loops.
 *
 * <p>Speed notes: sums are blocked over 4 outputs x 2 vectors = 8 independent accumulators (a single
 * chain of dependent FMAs runs at the FMA latency, 4-5 cycles, not at its throughput, 2 per cycle);
 * each broadcast weight feeds two FMAs; each accumulator load/store carries two FMAs.
 */
final class VectorLinear {

  /** Output columns per packed block. */
  static final int COLS = 4;
  /** {@link #affine} init: add to the current contents of out. */
  static final int ACCUMULATE = -1;
  /** {@link #affine} init: start from zero. */
  static final int ZERO = -2;

  private VectorLinear() {}

  /** out[outSlot + j] += sum_i in[i] K[i][j] for j &lt; nOut (K packed at w[kOff ..], nIn x nOut). */
  static void matvecAdd(float[] w, float[] in, int nIn, int kOff, int nOut, float[] out, int outSlot) {
    affine(w, in, nIn, kOff, nOut, out, outSlot, null, 0, ACCUMULATE, false);
  }

  /**
   * out[outSlot + j] = init_j + sum_i in[i] K[i][j], optionally followed by ReLU, for j &lt; nOut, with
   * init_j = out[outSlot + j] ({@link #ACCUMULATE}), 0 ({@link #ZERO}), or w[bOff + j] + x w[xOff + j]
   * for bOff &gt;= 0 (a bias and, if x is not null, the input term of a GRU gate, x one slot). Biases
   * and (1, n) kernels are stored unpacked.
   */
  static void affine(float[] w, float[] in, int nIn, int kOff, int nOut, float[] out, int outSlot,
      float[] x, int xOff, int bOff, boolean relu) {
    int j = 0;
    for (; j + 4 <= nOut; j += 4) {
      int kb = kOff + j * nIn;
      int o = (outSlot + j) * W;
      FloatVector a0;
      FloatVector b0;
      FloatVector a1;
      FloatVector b1;
      FloatVector a2;
      FloatVector b2;
      FloatVector a3;
      FloatVector b3;
      if (bOff == ACCUMULATE) {
        a0 = FloatVector.fromArray(SPECIES, out, o);
        b0 = FloatVector.fromArray(SPECIES, out, o + L);
        a1 = FloatVector.fromArray(SPECIES, out, o + W);
        b1 = FloatVector.fromArray(SPECIES, out, o + W + L);
        a2 = FloatVector.fromArray(SPECIES, out, o + 2 * W);
        b2 = FloatVector.fromArray(SPECIES, out, o + 2 * W + L);
        a3 = FloatVector.fromArray(SPECIES, out, o + 3 * W);
        b3 = FloatVector.fromArray(SPECIES, out, o + 3 * W + L);
      } else if (bOff == ZERO) {
        a0 = FloatVector.zero(SPECIES);
        a1 = a0;
        a2 = a0;
        a3 = a0;
        b0 = a0;
        b1 = a0;
        b2 = a0;
        b3 = a0;
      } else {
        a0 = FloatVector.broadcast(SPECIES, w[bOff + j]);
        a1 = FloatVector.broadcast(SPECIES, w[bOff + j + 1]);
        a2 = FloatVector.broadcast(SPECIES, w[bOff + j + 2]);
        a3 = FloatVector.broadcast(SPECIES, w[bOff + j + 3]);
        b0 = a0;
        b1 = a1;
        b2 = a2;
        b3 = a3;
        if (x != null) {
          FloatVector xa = FloatVector.fromArray(SPECIES, x, 0);
          FloatVector xb = FloatVector.fromArray(SPECIES, x, L);
          FloatVector w0 = FloatVector.broadcast(SPECIES, w[xOff + j]);
          a0 = xa.fma(w0, a0);
          b0 = xb.fma(w0, b0);
          FloatVector w1 = FloatVector.broadcast(SPECIES, w[xOff + j + 1]);
          a1 = xa.fma(w1, a1);
          b1 = xb.fma(w1, b1);
          FloatVector w2 = FloatVector.broadcast(SPECIES, w[xOff + j + 2]);
          a2 = xa.fma(w2, a2);
          b2 = xb.fma(w2, b2);
          FloatVector w3 = FloatVector.broadcast(SPECIES, w[xOff + j + 3]);
          a3 = xa.fma(w3, a3);
          b3 = xb.fma(w3, b3);
        }
      }
      // unrolled by two by hand: C2 does not unroll a loop body this large (LoopUnrollLimit)
      int i = 0;
      for (; i + 2 <= nIn; i += 2) {
        FloatVector xa = FloatVector.fromArray(SPECIES, in, i * W);
        FloatVector xb = FloatVector.fromArray(SPECIES, in, i * W + L);
        int k = kb + 4 * i;
        FloatVector w0 = FloatVector.broadcast(SPECIES, w[k]);
        a0 = xa.fma(w0, a0);
        b0 = xb.fma(w0, b0);
        FloatVector w1 = FloatVector.broadcast(SPECIES, w[k + 1]);
        a1 = xa.fma(w1, a1);
        b1 = xb.fma(w1, b1);
        FloatVector w2 = FloatVector.broadcast(SPECIES, w[k + 2]);
        a2 = xa.fma(w2, a2);
        b2 = xb.fma(w2, b2);
        FloatVector w3 = FloatVector.broadcast(SPECIES, w[k + 3]);
        a3 = xa.fma(w3, a3);
        b3 = xb.fma(w3, b3);
        xa = FloatVector.fromArray(SPECIES, in, (i + 1) * W);
        xb = FloatVector.fromArray(SPECIES, in, (i + 1) * W + L);
        k = kb + 4 * i + 4;
        w0 = FloatVector.broadcast(SPECIES, w[k]);
        a0 = xa.fma(w0, a0);
        b0 = xb.fma(w0, b0);
        w1 = FloatVector.broadcast(SPECIES, w[k + 1]);
        a1 = xa.fma(w1, a1);
        b1 = xb.fma(w1, b1);
        w2 = FloatVector.broadcast(SPECIES, w[k + 2]);
        a2 = xa.fma(w2, a2);
        b2 = xb.fma(w2, b2);
        w3 = FloatVector.broadcast(SPECIES, w[k + 3]);
        a3 = xa.fma(w3, a3);
        b3 = xb.fma(w3, b3);
      }
      if (i < nIn) {
        FloatVector xa = FloatVector.fromArray(SPECIES, in, i * W);
        FloatVector xb = FloatVector.fromArray(SPECIES, in, i * W + L);
        int k = kb + 4 * i;
        FloatVector w0 = FloatVector.broadcast(SPECIES, w[k]);
        a0 = xa.fma(w0, a0);
        b0 = xb.fma(w0, b0);
        FloatVector w1 = FloatVector.broadcast(SPECIES, w[k + 1]);
        a1 = xa.fma(w1, a1);
        b1 = xb.fma(w1, b1);
        FloatVector w2 = FloatVector.broadcast(SPECIES, w[k + 2]);
        a2 = xa.fma(w2, a2);
        b2 = xb.fma(w2, b2);
        FloatVector w3 = FloatVector.broadcast(SPECIES, w[k + 3]);
        a3 = xa.fma(w3, a3);
        b3 = xb.fma(w3, b3);
      }
      if (relu) { // compare-and-blend: FloatVector.max is five instructions on AVX2
        a0 = a0.blend(0f, a0.compare(VectorOperators.LT, 0f));
        b0 = b0.blend(0f, b0.compare(VectorOperators.LT, 0f));
        a1 = a1.blend(0f, a1.compare(VectorOperators.LT, 0f));
        b1 = b1.blend(0f, b1.compare(VectorOperators.LT, 0f));
        a2 = a2.blend(0f, a2.compare(VectorOperators.LT, 0f));
        b2 = b2.blend(0f, b2.compare(VectorOperators.LT, 0f));
        a3 = a3.blend(0f, a3.compare(VectorOperators.LT, 0f));
        b3 = b3.blend(0f, b3.compare(VectorOperators.LT, 0f));
      }
      a0.intoArray(out, o);
      b0.intoArray(out, o + L);
      a1.intoArray(out, o + W);
      b1.intoArray(out, o + W + L);
      a2.intoArray(out, o + 2 * W);
      b2.intoArray(out, o + 2 * W + L);
      a3.intoArray(out, o + 3 * W);
      b3.intoArray(out, o + 3 * W + L);
    }
    for (; j < nOut; j++) {
      int o = (outSlot + j) * W;
      if (bOff == ZERO) {
        FloatVector.zero(SPECIES).intoArray(out, o);
        FloatVector.zero(SPECIES).intoArray(out, o + L);
      } else if (bOff >= 0) {
        FloatVector v = FloatVector.broadcast(SPECIES, w[bOff + j]);
        if (x != null) {
          FloatVector wx = FloatVector.broadcast(SPECIES, w[xOff + j]);
          FloatVector.fromArray(SPECIES, x, 0).fma(wx, v).intoArray(out, o);
          FloatVector.fromArray(SPECIES, x, L).fma(wx, v).intoArray(out, o + L);
        } else {
          v.intoArray(out, o);
          v.intoArray(out, o + L);
        }
      }
      matvecAddOne(w, in, nIn, kOff + j * nIn, out, outSlot + j);
      if (relu) {
        for (int v = o; v < o + W; v += L) {
          FloatVector y = FloatVector.fromArray(SPECIES, out, v);
          y.blend(0f, y.compare(VectorOperators.LT, 0f)).intoArray(out, v);
        }
      }
    }
  }

  /** One output: out[slot] += sum_i in[i] w[k + i], over 2 x 2 partial sums. */
  private static void matvecAddOne(float[] w, float[] in, int nIn, int k, float[] out, int slot) {
    int o = slot * W;
    FloatVector a0 = FloatVector.fromArray(SPECIES, out, o);
    FloatVector b0 = FloatVector.fromArray(SPECIES, out, o + L);
    FloatVector a1 = FloatVector.zero(SPECIES);
    FloatVector b1 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + 2 <= nIn; i += 2) {
      FloatVector w0 = FloatVector.broadcast(SPECIES, w[k + i]);
      a0 = FloatVector.fromArray(SPECIES, in, i * W).fma(w0, a0);
      b0 = FloatVector.fromArray(SPECIES, in, i * W + L).fma(w0, b0);
      FloatVector w1 = FloatVector.broadcast(SPECIES, w[k + i + 1]);
      a1 = FloatVector.fromArray(SPECIES, in, (i + 1) * W).fma(w1, a1);
      b1 = FloatVector.fromArray(SPECIES, in, (i + 1) * W + L).fma(w1, b1);
    }
    if (i < nIn) {
      FloatVector w0 = FloatVector.broadcast(SPECIES, w[k + i]);
      a0 = FloatVector.fromArray(SPECIES, in, i * W).fma(w0, a0);
      b0 = FloatVector.fromArray(SPECIES, in, i * W + L).fma(w0, b0);
    }
    a0.add(a1).intoArray(out, o);
    b0.add(b1).intoArray(out, o + L);
  }

  /**
   * acc[kOff + i * nOut + j] += in[i] d[j] (both vectors), with d[j] at slot dSlot + j: the kernel
   * gradient x^T d of y = x K, four outputs j at a time with their d in registers; for bOff &gt;= 0 also
   * the bias gradient acc[bOff + j] += d[j] while those are loaded.
   */
  static void outerAccumulate(float[] in, int nIn, float[] d, int dSlot, int nOut, int kOff, int bOff, float[] acc) {
    int j = 0;
    for (; j + 4 <= nOut; j += 4) {
      int qb = (kOff + j * nIn) * L;
      int o = (dSlot + j) * W;
      FloatVector da0 = FloatVector.fromArray(SPECIES, d, o);
      FloatVector db0 = FloatVector.fromArray(SPECIES, d, o + L);
      FloatVector da1 = FloatVector.fromArray(SPECIES, d, o + W);
      FloatVector db1 = FloatVector.fromArray(SPECIES, d, o + W + L);
      FloatVector da2 = FloatVector.fromArray(SPECIES, d, o + 2 * W);
      FloatVector db2 = FloatVector.fromArray(SPECIES, d, o + 2 * W + L);
      FloatVector da3 = FloatVector.fromArray(SPECIES, d, o + 3 * W);
      FloatVector db3 = FloatVector.fromArray(SPECIES, d, o + 3 * W + L);
      if (bOff >= 0) {
        int q = (bOff + j) * L;
        da0.add(db0).add(FloatVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
        da1.add(db1).add(FloatVector.fromArray(SPECIES, acc, q + L)).intoArray(acc, q + L);
        da2.add(db2).add(FloatVector.fromArray(SPECIES, acc, q + 2 * L)).intoArray(acc, q + 2 * L);
        da3.add(db3).add(FloatVector.fromArray(SPECIES, acc, q + 3 * L)).intoArray(acc, q + 3 * L);
      }
      int i = 0;
      for (; i + 2 <= nIn; i += 2) { // unrolled by two by hand (see affine)
        FloatVector xa = FloatVector.fromArray(SPECIES, in, i * W);
        FloatVector xb = FloatVector.fromArray(SPECIES, in, i * W + L);
        int q = qb + 4 * L * i;
        xb.fma(db0, xa.fma(da0, FloatVector.fromArray(SPECIES, acc, q))).intoArray(acc, q);
        xb.fma(db1, xa.fma(da1, FloatVector.fromArray(SPECIES, acc, q + L))).intoArray(acc, q + L);
        xb.fma(db2, xa.fma(da2, FloatVector.fromArray(SPECIES, acc, q + 2 * L))).intoArray(acc, q + 2 * L);
        xb.fma(db3, xa.fma(da3, FloatVector.fromArray(SPECIES, acc, q + 3 * L))).intoArray(acc, q + 3 * L);
        xa = FloatVector.fromArray(SPECIES, in, (i + 1) * W);
        xb = FloatVector.fromArray(SPECIES, in, (i + 1) * W + L);
        q = qb + 4 * L * (i + 1);
        xb.fma(db0, xa.fma(da0, FloatVector.fromArray(SPECIES, acc, q))).intoArray(acc, q);
        xb.fma(db1, xa.fma(da1, FloatVector.fromArray(SPECIES, acc, q + L))).intoArray(acc, q + L);
        xb.fma(db2, xa.fma(da2, FloatVector.fromArray(SPECIES, acc, q + 2 * L))).intoArray(acc, q + 2 * L);
        xb.fma(db3, xa.fma(da3, FloatVector.fromArray(SPECIES, acc, q + 3 * L))).intoArray(acc, q + 3 * L);
      }
      if (i < nIn) {
        FloatVector xa = FloatVector.fromArray(SPECIES, in, i * W);
        FloatVector xb = FloatVector.fromArray(SPECIES, in, i * W + L);
        int q = qb + 4 * L * i;
        xb.fma(db0, xa.fma(da0, FloatVector.fromArray(SPECIES, acc, q))).intoArray(acc, q);
        xb.fma(db1, xa.fma(da1, FloatVector.fromArray(SPECIES, acc, q + L))).intoArray(acc, q + L);
        xb.fma(db2, xa.fma(da2, FloatVector.fromArray(SPECIES, acc, q + 2 * L))).intoArray(acc, q + 2 * L);
        xb.fma(db3, xa.fma(da3, FloatVector.fromArray(SPECIES, acc, q + 3 * L))).intoArray(acc, q + 3 * L);
      }
    }
    for (; j < nOut; j++) {
      int o = (dSlot + j) * W;
      FloatVector da = FloatVector.fromArray(SPECIES, d, o);
      FloatVector db = FloatVector.fromArray(SPECIES, d, o + L);
      if (bOff >= 0) {
        int q = (bOff + j) * L;
        da.add(db).add(FloatVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
      }
      int qb = (kOff + j * nIn) * L;
      for (int i = 0; i < nIn; i++) {
        int q = qb + L * i;
        FloatVector.fromArray(SPECIES, in, i * W + L).fma(db,
            FloatVector.fromArray(SPECIES, in, i * W).fma(da, FloatVector.fromArray(SPECIES, acc, q))).intoArray(acc, q);
      }
    }
  }
}
