package io.optim4rl.lopt;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector geometry of the fused kernel and its hand-written float exp, sigmoid and tanh.
 *
 * <p>The kernel works on passes of {@link #W} = 2 L coordinates (L = lanes of the preferred species, 8
 * with AVX2, 16 with AVX-512): a "slot" of a scratch array holds one quantity (a hidden unit, a gate, an
 * activation) for the W coordinates of the pass, slot i at {@code [i * W, i * W + W)}, i.e. two vectors. The matrix
 * loops work on both vectors together: each broadcast weight feeds two FMAs, each gradient-accumulator
 * load/store serves two, and the two dependency chains help hide the FMA latency (4 vectors per pass
 * was measured slower: the register allocator spills).
 *
 * <p>exp(x): x is clamped to [-87, 88] (so exp stays a finite normal float; by compare-and-blend, two
 * instructions, where {@code FloatVector.max/min} implement Java's NaN and signed-zero rules in five),
 * split as x = k ln2 + r with k = round(x / ln2) (adding 1.5 * 2^23) and |r| &lt;= ln2 / 2 (Cody-Waite
 * two-part ln2), e^r by a degree-5 polynomial fitted for relative error (2e-7 in float), and 2^k from the
 * exponent bits of k. sigmoid(x) = 1 / (1 + exp(-x)). tanh(x) = x P(x^2) / Q(x^2), a rational
 * approximation with relative error below 3e-7 everywhere (no exp; the earlier 2 / (1 + exp(-2x)) - 1 has
 * an absolute error of ~1e-7 near 0, a large relative error for the tiny hidden states of coordinates
 * with tiny gradients, which made the meta-gradient drift by up to 20% from the double reference on
 * such coordinates). JDK 17's {@code lanewise(EXP)} / {@code lanewise(TANH)} are much slower (module
 * README).
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

  // tanh(x) ~ x P(x^2) / Q(x^2) on x clamped to [-TANH_CLAMP, TANH_CLAMP] (the rational approximation
  // of Eigen's fast tanh, degrees 13/6): relative error below 3e-7 everywhere, including near 0 where
  // 2 sigmoid(2x) - 1 has an absolute error of ~1e-7 and so a large relative one (that mattered for the
  // GRU of coordinates with tiny gradients); no exp, one division
  static final float TANH_CLAMP = 7.90531110763549805f;
  static final float A1 = 4.89352455891786e-03f;
  static final float A3 = 6.37261928875436e-04f;
  static final float A5 = 1.48572235717979e-05f;
  static final float A7 = 5.12229709037114e-08f;
  static final float A9 = -8.60467152213735e-11f;
  static final float A11 = 2.00018790482477e-13f;
  static final float A13 = -2.76076847742355e-16f;
  static final float B0 = 4.89352518554385e-03f;
  static final float B2 = 2.26843463243900e-03f;
  static final float B4 = 1.18534705686654e-04f;
  static final float B6 = 1.19825839466702e-06f;

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

  /**
   * Scalar 1 + e^-x on x clamped to [-43, 87]: the factor p of {@link #sigmoidPairsInPlace}, bit for bit
   * (the scalar kernel forms its r, z pairs with it, so that vector and scalar kernels agree exactly).
   */
  static float onePlusExpNeg(float x) {
    float xc = x < PAIR_MIN ? PAIR_MIN : x > -EXP_MIN ? -EXP_MIN : x;
    return 1f + exp(-xc);
  }

  /**
   * Scalar tanh: x P(x^2) / Q(x^2) on x clamped to [-7.905, 7.905] (see the constants); the vector form
   * is fused into the GRU candidate of {@link VectorBranch}.
   */
  static float tanh(float x) {
    float xc = x < -TANH_CLAMP ? -TANH_CLAMP : x > TANH_CLAMP ? TANH_CLAMP : x;
    float z = xc * xc;
    float p = Math.fma(z, A13, A11);
    p = Math.fma(p, z, A9);
    p = Math.fma(p, z, A7);
    p = Math.fma(p, z, A5);
    p = Math.fma(p, z, A3);
    p = Math.fma(p, z, A1);
    float q = Math.fma(z, B6, B4);
    q = Math.fma(q, z, B2);
    q = Math.fma(q, z, B0);
    return xc * p / q;
  }

  /*
   * The vector loops below take one slot (two vectors, a and b) per iteration: two independent chains
   * hide the latencies, and more would spill (one exp holds ~12 constants in registers).
   */

  /** a &lt;- exp(a) on the slots [slot, slot + count). */
  static void expInPlace(float[] a, int slot, int count) {
    FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E);
    FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
    FloatVector hi = FloatVector.broadcast(SPECIES, -LN2_HI);
    FloatVector lo = FloatVector.broadcast(SPECIES, -LN2_LO);
    FloatVector c3 = FloatVector.broadcast(SPECIES, C3);
    FloatVector c2 = FloatVector.broadcast(SPECIES, C2);
    FloatVector c1 = FloatVector.broadcast(SPECIES, C1);
    FloatVector c0 = FloatVector.broadcast(SPECIES, C0);
    for (int o = slot * W; o < (slot + count) * W; o += W) {
      FloatVector xa = FloatVector.fromArray(SPECIES, a, o);
      FloatVector xb = FloatVector.fromArray(SPECIES, a, o + L);
      xa = xa.blend(EXP_MIN, xa.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, xa.compare(VectorOperators.GT, EXP_MAX));
      xb = xb.blend(EXP_MIN, xb.compare(VectorOperators.LT, EXP_MIN)).blend(EXP_MAX, xb.compare(VectorOperators.GT, EXP_MAX));
      // k = round(x / ln2) in t = 1.5 * 2^23 + 127 + k; r = x - k ln2 (two-part ln2)
      FloatVector ta = xa.fma(log2e, magic);
      FloatVector tb = xb.fma(log2e, magic);
      FloatVector ka = ta.sub(magic);
      FloatVector kb = tb.sub(magic);
      FloatVector ra = ka.fma(lo, ka.fma(hi, xa));
      FloatVector rb = kb.fma(lo, kb.fma(hi, xb));
      FloatVector pa = ra.fma(C5, C4).fma(ra, c3).fma(ra, c2).fma(ra, c1).fma(ra, c0);
      FloatVector pb = rb.fma(C5, C4).fma(rb, c3).fma(rb, c2).fma(rb, c1).fma(rb, c0);
      // e^r 2^k with 2^k from the bits of t: bits(t) = 0x4B400000 + 127 + k and 0x4B400000 << 23 == 0
      // (mod 2^32), so bits(t) << 23 = (127 + k) << 23 = bits(2^k)
      pa.mul(ta.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats()).intoArray(a, o);
      pb.mul(tb.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats()).intoArray(a, o + L);
    }
  }

  /** sigmoid(x) for x below this is not representable as the pair product of {@link #sigmoidPairsInPlace}. */
  private static final float PAIR_MIN = -43f;

  /**
   * r &lt;- sigmoid(r) and z &lt;- sigmoid(z) on the slot pairs (rSlot + j, zSlot + j), j &lt; count, with
   * one division per pair: with p = 1 + e^-x, r = p_z / (p_r p_z) and z = p_r / (p_r p_z). The
   * arguments are clamped to [-43, 87] so that the product stays finite (e^43 squared is 2.2e37);
   * sigmoid(-43) = 2e-19 is then the smallest gate value. Relative error about 4e-7.
   */
  static void sigmoidPairsInPlace(float[] a, int rSlot, int zSlot, int count) {
    FloatVector log2e = FloatVector.broadcast(SPECIES, -LOG2E);
    FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector hi = FloatVector.broadcast(SPECIES, LN2_HI);
    FloatVector lo = FloatVector.broadcast(SPECIES, LN2_LO);
    FloatVector c3 = FloatVector.broadcast(SPECIES, -C3);
    FloatVector c2 = FloatVector.broadcast(SPECIES, C2);
    FloatVector c1 = FloatVector.broadcast(SPECIES, -C1);
    FloatVector c0 = FloatVector.broadcast(SPECIES, C0);
    for (int o = 0; o < count * W; o += L) {
      int or = rSlot * W + o;
      int oz = zSlot * W + o;
      FloatVector xr = FloatVector.fromArray(SPECIES, a, or);
      FloatVector xz = FloatVector.fromArray(SPECIES, a, oz);
      xr = xr.blend(PAIR_MIN, xr.compare(VectorOperators.LT, PAIR_MIN)).blend(-EXP_MIN, xr.compare(VectorOperators.GT, -EXP_MIN));
      xz = xz.blend(PAIR_MIN, xz.compare(VectorOperators.LT, PAIR_MIN)).blend(-EXP_MIN, xz.compare(VectorOperators.GT, -EXP_MIN));
      // 1 + e^-x: the exp of expInPlace on -x, plus one
      FloatVector tr = xr.fma(log2e, magic);
      FloatVector tz = xz.fma(log2e, magic);
      FloatVector kr = tr.sub(magic);
      FloatVector kz = tz.sub(magic);
      FloatVector sr = kr.fma(lo, kr.fma(hi, xr));
      FloatVector sz = kz.fma(lo, kz.fma(hi, xz));
      FloatVector pr = sr.fma(-C5, C4).fma(sr, c3).fma(sr, c2).fma(sr, c1).fma(sr, c0);
      FloatVector pz = sz.fma(-C5, C4).fma(sz, c3).fma(sz, c2).fma(sz, c1).fma(sz, c0);
      pr = pr.fma(tr.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(), one);
      pz = pz.fma(tz.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(), one);
      FloatVector inv = one.div(pr.mul(pz));
      pz.mul(inv).intoArray(a, or);
      pr.mul(inv).intoArray(a, oz);
    }
  }
}
