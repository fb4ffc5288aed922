package io.optim4rl.lopt;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector geometry of the fused kernel and its hand-written float exp and sigmoid over slots.
 *
 * <p>The kernel works on blocks of {@link #W} = 2 L coordinates (L = lanes of the preferred species, 8
 * with AVX2): a "slot" of a scratch array holds one quantity (a hidden unit, a gate, an activation) for
 * the W coordinates of the pass, slot i at {@code [i * W, i * W + W)}, i.e. two vectors, "A" (lanes
 * 0..L-1) and "B". Every loop body works on A and B together: each broadcast weight feeds two FMAs, each
 * gradient accumulator load/store serves two coordinates-vectors, and the two dependency chains hide
 * the FMA latency.
 *
 * <p>exp(x): x is clamped to [-87, 88] (so exp stays a finite normal float; by compare-and-blend, two
 * instructions, where {@code FloatVector.max/min} implement Java's NaN and signed-zero rules in five), split as x = k ln2 + r with
 * k = round(x / ln2) (the 1.5 * 2^23 round-to-nearest trick) and |r| &lt;= ln2 / 2 (Cody-Waite two-part
 * ln2), e^r by a degree-5 polynomial fitted for relative error (2e-7 in float), and 2^k built from the
 * exponent bits of k. sigmoid(x) = 1 / (1 + exp(-x)); tanh(x) = 2 sigmoid(2x) - 1 (absolute error
 * about 1e-7 near 0, which is what the GRU needs). JDK 17's {@code lanewise(EXP)} / {@code lanewise(TANH)}
 * are much slower (module README).
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

  private VectorMath() {}

  /**
   * a &lt;- exp(scale * a) on the slots [slot, slot + count): four independent vectors per iteration (one
   * exp is a chain of ~15 dependent operations, so fewer chains run at the latency, not the throughput).
   */
  static void expInPlace(float[] a, int slot, int count, float scale) {
    FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E);
    FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
    FloatVector hi = FloatVector.broadcast(SPECIES, -LN2_HI);
    FloatVector lo = FloatVector.broadcast(SPECIES, -LN2_LO);
    FloatVector c0 = FloatVector.broadcast(SPECIES, C0);
    FloatVector c1 = FloatVector.broadcast(SPECIES, C1);
    FloatVector c2 = FloatVector.broadcast(SPECIES, C2);
    FloatVector c3 = FloatVector.broadcast(SPECIES, C3);
    int end = (slot + count) * W;
    int o = slot * W;
    for (; o + 4 * L <= end; o += 4 * L) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, a, o).mul(scale);
      x0 = x0.blend(EXP_MIN, x0.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x0.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t0 = x0.fma(log2e, magic);
      FloatVector k0 = t0.sub(magic);
      FloatVector r0 = k0.fma(lo, k0.fma(hi, x0));
      FloatVector x1 = FloatVector.fromArray(SPECIES, a, o + L).mul(scale);
      x1 = x1.blend(EXP_MIN, x1.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x1.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t1 = x1.fma(log2e, magic);
      FloatVector k1 = t1.sub(magic);
      FloatVector r1 = k1.fma(lo, k1.fma(hi, x1));
      FloatVector x2 = FloatVector.fromArray(SPECIES, a, o + 2 * L).mul(scale);
      x2 = x2.blend(EXP_MIN, x2.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x2.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t2 = x2.fma(log2e, magic);
      FloatVector k2 = t2.sub(magic);
      FloatVector r2 = k2.fma(lo, k2.fma(hi, x2));
      FloatVector x3 = FloatVector.fromArray(SPECIES, a, o + 3 * L).mul(scale);
      x3 = x3.blend(EXP_MIN, x3.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x3.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t3 = x3.fma(log2e, magic);
      FloatVector k3 = t3.sub(magic);
      FloatVector r3 = k3.fma(lo, k3.fma(hi, x3));
      FloatVector p0 = r0.fma(C5, C4);
      p0 = p0.fma(r0, c3);
      p0 = p0.fma(r0, c2);
      p0 = p0.fma(r0, c1);
      p0 = p0.fma(r0, c0);
      FloatVector p1 = r1.fma(C5, C4);
      p1 = p1.fma(r1, c3);
      p1 = p1.fma(r1, c2);
      p1 = p1.fma(r1, c1);
      p1 = p1.fma(r1, c0);
      FloatVector p2 = r2.fma(C5, C4);
      p2 = p2.fma(r2, c3);
      p2 = p2.fma(r2, c2);
      p2 = p2.fma(r2, c1);
      p2 = p2.fma(r2, c0);
      FloatVector p3 = r3.fma(C5, C4);
      p3 = p3.fma(r3, c3);
      p3 = p3.fma(r3, c2);
      p3 = p3.fma(r3, c1);
      p3 = p3.fma(r3, c0);
      // 2^k from the bits of t = 1.5 * 2^23 + 127 + k: bits(t) = 0x4B400000 + 127 + k and
      // 0x4B400000 << 23 == 0 (mod 2^32), so bits(t) << 23 = (127 + k) << 23 = bits(2^k)
      p0.mul(t0.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
          .intoArray(a, o);
      p1.mul(t1.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
          .intoArray(a, o + L);
      p2.mul(t2.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
          .intoArray(a, o + 2 * L);
      p3.mul(t3.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
          .intoArray(a, o + 3 * L);
    }
    for (; o < end; o += L) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, a, o).mul(scale);
      x0 = x0.blend(EXP_MIN, x0.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, x0.compare(VectorOperators.GT, EXP_MAX));
      FloatVector t0 = x0.fma(log2e, magic);
      FloatVector k0 = t0.sub(magic);
      FloatVector r0 = k0.fma(lo, k0.fma(hi, x0));
      FloatVector p0 = r0.fma(C5, C4);
      p0 = p0.fma(r0, c3);
      p0 = p0.fma(r0, c2);
      p0 = p0.fma(r0, c1);
      p0 = p0.fma(r0, c0);
      p0.mul(t0.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
          .intoArray(a, o);
    }
  }

  /**
   * a &lt;- outScale * sigmoid(inScale * a) + outShift on the slots [slot, slot + count):
   * (1, 1, 0) is sigmoid, (2, 2, -1) is tanh.
   */
  static void sigmoidInPlace(float[] a, int slot, int count, float inScale, float outScale, float outShift) {
    expInPlace(a, slot, count, -inScale);
    FloatVector num = FloatVector.broadcast(SPECIES, outScale);
    for (int o = slot * W; o < (slot + count) * W; o += L) {
      num.div(FloatVector.fromArray(SPECIES, a, o).add(1f)).add(outShift).intoArray(a, o);
    }
  }
}
