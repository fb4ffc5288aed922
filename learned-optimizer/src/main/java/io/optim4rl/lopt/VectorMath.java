package io.optim4rl.lopt;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector geometry of the fused kernel and its hand-written float exp, sigmoid and tanh.
 *
 * <p>The kernel works on passes of {@link #W} = 2 L coordinates (L = lanes of the preferred species, 8
 * with AVX2): a "slot" of a scratch array holds one quantity (a hidden unit, a gate, an activation) for
 * the W coordinates of the pass, slot i at {@code [i * W, i * W + W)}, i.e. two vectors. The matrix
 * loops work on both vectors together: each broadcast weight feeds two FMAs, each gradient-accumulator
 * load/store serves two, and the two dependency chains help hide the FMA latency (4 vectors per pass
 * was measured slower: the register allocator spills).
 *
 * <p>exp(x): x is clamped to [-87, 88] (so exp stays a finite normal float; by compare-and-blend, two
 * instructions, where {@code FloatVector.max/min} implement Java's NaN and signed-zero rules in five),
 * split as x = k ln2 + r with k = round(x / ln2) (adding 1.5 * 2^23) and |r| &lt;= ln2 / 2 (Cody-Waite
 * two-part ln2), e^r by a degree-5 polynomial fitted for relative error (2e-7 in float), and 2^k from the
 * exponent bits of k. sigmoid(x) = 1 / (1 + exp(-x)). tanh(x) = 2 / (1 + exp(-2x)) - 1 for |x| &gt;=
 * 0.625 and an odd polynomial below: the exp form alone has an absolute error of ~1e-7 near 0, a large
 * relative error for the tiny hidden states of coordinates with tiny gradients (it made the
 * meta-gradient drift by up to 20% from the double reference on such coordinates). JDK 17's
 * {@code lanewise(EXP)} / {@code lanewise(TANH)} are much slower (module README).
 *
 * <p>JIT note: every method of the fused kernel takes arrays and ints, never vectors. A user method with
 * vector parameters or results that C2 does not inline (it stops inlining ordinary methods past ~18,000
 * IR nodes, which a fused kernel reaches quickly) boxes its vectors on the heap: that made a first
 * version several times slower. Only the JDK's own (force-inlined) vector methods see vectors.
 */
final class VectorMath {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Lanes per vector. */
  static final int L = SPECIES.length();
  /** Coordinates per pass = floats per slot (two vectors). */
  static final int W = 2 * L;

  private static final float LOG2E = 1.44269504088896341f;
  /** 1.5 * 2^23 + 127: x + this rounds x to an integer k and leaves k + 127 in the low mantissa bits. */
  private static final float ROUND_MAGIC = 12583039f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float EXP_MIN = -87f;
  private static final float EXP_MAX = 88f;
  // e^r ~ C0 + r (C1 + r (C2 + r (C3 + r (C4 + r C5)))) on |r| <= ln2 / 2: a degree-5 fit minimising the
  // relative error (7.5e-8 in exact arithmetic, 2.1e-7 evaluated in float)
  private static final float C0 = 1.000000119e+00f;
  private static final float C1 = 9.999997020e-01f;
  private static final float C2 = 4.999889433e-01f;
  private static final float C3 = 1.666757464e-01f;
  private static final float C4 = 4.191536456e-02f;
  private static final float C5 = 8.297638036e-03f;

  // tanh(x) ~ x + x z (T0 + z (T1 + z (T2 + z (T3 + z T4)))), z = x^2, for |x| < TANH_SMALL (Cephes
  // tanhf, relative error ~1e-7): near 0, 2 sigmoid(2x) - 1 has an absolute error of ~1e-7 and so a
  // large relative one, which matters for the GRU of coordinates with tiny gradients
  private static final float TANH_SMALL = 0.625f;
  private static final float T0 = -3.33332819422e-1f;
  private static final float T1 = 1.33314422036e-1f;
  private static final float T2 = -5.37397155531e-2f;
  private static final float T3 = 2.06390887954e-2f;
  private static final float T4 = -5.70498872745e-3f;

  /** {@link #expTransform} modes. */
  private static final int EXP = 0;
  private static final int SIGMOID = 1;
  private static final int TANH = 2;

  private VectorMath() {}

  /**
   * Scalar e^x by the same algorithm and constants as the vector code (clamp, Cody-Waite reduction,
   * degree-5 polynomial, exponent bits; {@link Math#fma} is an FMA instruction): the scalar kernel
   * uses it, so its results match the vector kernel's closely.
   */
  static float exp(float x) {
    float xc = x < EXP_MIN ? EXP_MIN : x > EXP_MAX ? EXP_MAX : x;
    float t = Math.fma(xc, LOG2E, ROUND_MAGIC);
    float k = t - ROUND_MAGIC;
    float r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, xc));
    float p = Math.fma(r, C5, C4);
    p = Math.fma(p, r, C3);
    p = Math.fma(p, r, C2);
    p = Math.fma(p, r, C1);
    p = Math.fma(p, r, C0);
    return p * Float.intBitsToFloat(Float.floatToRawIntBits(t) << 23);
  }

  /** Scalar 1 / (1 + e^-x). */
  static float sigmoid(float x) {
    return 1f / (1f + exp(-x));
  }

  /** Scalar tanh: the odd polynomial for |x| &lt; 0.625, else 2 / (1 + e^-2x) - 1. */
  static float tanh(float x) {
    if (Math.abs(x) < TANH_SMALL) {
      float z = x * x;
      float p = Math.fma(z, T4, T3);
      p = Math.fma(p, z, T2);
      p = Math.fma(p, z, T1);
      p = Math.fma(p, z, T0);
      return Math.fma(p * z, x, x);
    }
    return 2f / (1f + exp(-2f * x)) - 1f;
  }

  /** a &lt;- exp(a) on the slots [slot, slot + count). */
  static void expInPlace(float[] a, int slot, int count) {
    expTransform(a, slot, count, EXP);
  }

  /** a &lt;- 1 / (1 + exp(-a)) on the slots [slot, slot + count). */
  static void sigmoidInPlace(float[] a, int slot, int count) {
    expTransform(a, slot, count, SIGMOID);
  }

  /**
   * a &lt;- tanh(a) on the slots [slot, slot + count): 2 / (1 + exp(-2a)) - 1, replaced by the odd
   * polynomial where |a| &lt; 0.625 (see the constants).
   */
  static void tanhInPlace(float[] a, int slot, int count) {
    expTransform(a, slot, count, TANH);
  }

  /**
   * One pass over the slots [slot, slot + count): EXP a &lt;- exp(a); SIGMOID a &lt;- 1 / (1 + exp(-a));
   * TANH a &lt;- 2 / (1 + exp(-2a)) - 1, or the small-argument polynomial. Four independent vectors per
   * iteration: one exp is a chain of ~13 dependent operations, so fewer chains would run at the
   * latency, not the throughput. The mode tests are loop-invariant branches.
   */
  private static void expTransform(float[] a, int slot, int count, int mode) {
    float scale = mode == EXP ? 1f : mode == SIGMOID ? -1f : -2f;
    FloatVector numV = FloatVector.broadcast(SPECIES, mode == TANH ? 2f : 1f);
    float shift = mode == TANH ? -1f : 0f;
    FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E);
    FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
    FloatVector hi = FloatVector.broadcast(SPECIES, -LN2_HI);
    FloatVector lo = FloatVector.broadcast(SPECIES, -LN2_LO);
    FloatVector c0 = FloatVector.broadcast(SPECIES, C0);
    FloatVector c1 = FloatVector.broadcast(SPECIES, C1);
    FloatVector c2 = FloatVector.broadcast(SPECIES, C2);
    FloatVector c3 = FloatVector.broadcast(SPECIES, C3);
    FloatVector q0 = FloatVector.broadcast(SPECIES, T0);
    FloatVector q1 = FloatVector.broadcast(SPECIES, T1);
    FloatVector q2 = FloatVector.broadcast(SPECIES, T2);
    int end = (slot + count) * W;
    int o = slot * W;
    for (; o + 4 * L <= end; o += 4 * L) {
      FloatVector a0 = FloatVector.fromArray(SPECIES, a, o);
      FloatVector x0 = a0.mul(scale);
      x0 = x0.blend(EXP_MIN, x0.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x0.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t0 = x0.fma(log2e, magic);
      FloatVector k0 = t0.sub(magic);
      FloatVector r0 = k0.fma(lo, k0.fma(hi, x0));
      FloatVector a1 = FloatVector.fromArray(SPECIES, a, o + L);
      FloatVector x1 = a1.mul(scale);
      x1 = x1.blend(EXP_MIN, x1.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x1.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t1 = x1.fma(log2e, magic);
      FloatVector k1 = t1.sub(magic);
      FloatVector r1 = k1.fma(lo, k1.fma(hi, x1));
      FloatVector a2 = FloatVector.fromArray(SPECIES, a, o + 2 * L);
      FloatVector x2 = a2.mul(scale);
      x2 = x2.blend(EXP_MIN, x2.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x2.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t2 = x2.fma(log2e, magic);
      FloatVector k2 = t2.sub(magic);
      FloatVector r2 = k2.fma(lo, k2.fma(hi, x2));
      FloatVector a3 = FloatVector.fromArray(SPECIES, a, o + 3 * L);
      FloatVector x3 = a3.mul(scale);
      x3 = x3.blend(EXP_MIN, x3.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x3.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t3 = x3.fma(log2e, magic);
      FloatVector k3 = t3.sub(magic);
      FloatVector r3 = k3.fma(lo, k3.fma(hi, x3));
      FloatVector p0 = r0.fma(C5, C4);
      p0 = p0.fma(r0, c3);
      p0 = p0.fma(r0, c2);
      p0 = p0.fma(r0, c1);
      p0 = p0.fma(r0, c0);
      p0 = p0.mul(t0.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      FloatVector p1 = r1.fma(C5, C4);
      p1 = p1.fma(r1, c3);
      p1 = p1.fma(r1, c2);
      p1 = p1.fma(r1, c1);
      p1 = p1.fma(r1, c0);
      p1 = p1.mul(t1.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      FloatVector p2 = r2.fma(C5, C4);
      p2 = p2.fma(r2, c3);
      p2 = p2.fma(r2, c2);
      p2 = p2.fma(r2, c1);
      p2 = p2.fma(r2, c0);
      p2 = p2.mul(t2.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      FloatVector p3 = r3.fma(C5, C4);
      p3 = p3.fma(r3, c3);
      p3 = p3.fma(r3, c2);
      p3 = p3.fma(r3, c1);
      p3 = p3.fma(r3, c0);
      p3 = p3.mul(t3.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      // p = e^r 2^k with 2^k from the bits of t = 1.5 * 2^23 + 127 + k: bits(t) = 0x4B400000 + 127 + k
      // and 0x4B400000 << 23 == 0 (mod 2^32), so bits(t) << 23 = (127 + k) << 23 = bits(2^k)
      if (mode != EXP) {
        p0 = numV.div(p0.add(1f)).add(shift);
        if (mode == TANH) {
          FloatVector z0 = a0.mul(a0);
          FloatVector s0 = z0.fma(T4, T3).fma(z0, q2).fma(z0, q1).fma(z0, q0).mul(z0).fma(a0, a0);
          p0 = p0.blend(s0, a0.abs().compare(VectorOperators.LT, TANH_SMALL));
        }
      }
      p0.intoArray(a, o);
      if (mode != EXP) {
        p1 = numV.div(p1.add(1f)).add(shift);
        if (mode == TANH) {
          FloatVector z1 = a1.mul(a1);
          FloatVector s1 = z1.fma(T4, T3).fma(z1, q2).fma(z1, q1).fma(z1, q0).mul(z1).fma(a1, a1);
          p1 = p1.blend(s1, a1.abs().compare(VectorOperators.LT, TANH_SMALL));
        }
      }
      p1.intoArray(a, o + L);
      if (mode != EXP) {
        p2 = numV.div(p2.add(1f)).add(shift);
        if (mode == TANH) {
          FloatVector z2 = a2.mul(a2);
          FloatVector s2 = z2.fma(T4, T3).fma(z2, q2).fma(z2, q1).fma(z2, q0).mul(z2).fma(a2, a2);
          p2 = p2.blend(s2, a2.abs().compare(VectorOperators.LT, TANH_SMALL));
        }
      }
      p2.intoArray(a, o + 2 * L);
      if (mode != EXP) {
        p3 = numV.div(p3.add(1f)).add(shift);
        if (mode == TANH) {
          FloatVector z3 = a3.mul(a3);
          FloatVector s3 = z3.fma(T4, T3).fma(z3, q2).fma(z3, q1).fma(z3, q0).mul(z3).fma(a3, a3);
          p3 = p3.blend(s3, a3.abs().compare(VectorOperators.LT, TANH_SMALL));
        }
      }
      p3.intoArray(a, o + 3 * L);
    }
    for (; o < end; o += L) {
      FloatVector a0 = FloatVector.fromArray(SPECIES, a, o);
      FloatVector x0 = a0.mul(scale);
      x0 = x0.blend(EXP_MIN, x0.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x0.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t0 = x0.fma(log2e, magic);
      FloatVector k0 = t0.sub(magic);
      FloatVector r0 = k0.fma(lo, k0.fma(hi, x0));
      FloatVector p0 = r0.fma(C5, C4);
      p0 = p0.fma(r0, c3);
      p0 = p0.fma(r0, c2);
      p0 = p0.fma(r0, c1);
      p0 = p0.fma(r0, c0);
      p0 = p0.mul(t0.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      if (mode != EXP) {
        p0 = numV.div(p0.add(1f)).add(shift);
        if (mode == TANH) {
          FloatVector z0 = a0.mul(a0);
          FloatVector s0 = z0.fma(T4, T3).fma(z0, q2).fma(z0, q1).fma(z0, q0).mul(z0).fma(a0, a0);
          p0 = p0.blend(s0, a0.abs().compare(VectorOperators.LT, TANH_SMALL));
        }
      }
      p0.intoArray(a, o);
    }
  }
}
