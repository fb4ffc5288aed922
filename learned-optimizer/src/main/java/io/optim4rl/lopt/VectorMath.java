package io.optim4rl.lopt;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hand-written float exp and sigmoid over slots of a scratch array for the fused kernel (a slot = L
 * consecutive floats, one vector). JDK 17's {@code lanewise(EXP)} / {@code lanewise(TANH)} are not
 * inlined polynomials (see the module README for measurements).
 *
 * <p>exp(x): x is clamped to [-87, 88] (so exp stays a finite normal float), split as x = k ln2 + r with
 * k = round(x / ln2) (the 1.5 * 2^23 round-to-nearest trick) and |r| &lt;= ln2 / 2 (Cody-Waite two-part
 * ln2), e^r by the Cephes {@code expf} minimax polynomial (relative error about 1e-7), and 2^k built from
 * the exponent bits of k. sigmoid(x) = 1 / (1 + exp(-x)); tanh(x) = 2 sigmoid(2x) - 1 (absolute error
 * about 1e-7 near 0, which is what the GRU needs).
 *
 * <p>JIT note: these methods take arrays, never vectors. A user method with vector parameters or results
 * that C2 does not inline (it stops inlining ordinary methods past ~18,000 IR nodes, which a fused
 * kernel reaches quickly) boxes its vectors on the heap: that made a first version 5x slower. Only the
 * JDK's own vector methods (force-inlined) are called with vectors.
 */
final class VectorMath {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int L = SPECIES.length();

  private static final float LOG2E = 1.44269504088896341f;
  private static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float EXP_MIN = -87f;
  private static final float EXP_MAX = 88f;
  private static final float P0 = 1.9875691500E-4f;
  private static final float P1 = 1.3981999507E-3f;
  private static final float P2 = 8.3334519073E-3f;
  private static final float P3 = 4.1665795894E-2f;
  private static final float P4 = 1.6666665459E-1f;
  private static final float P5 = 5.0000001201E-1f;

  private VectorMath() {}

  /** a[s] = exp(scale * a[s]) for the slots s in [slot, slot + count). */
  static void expInPlace(float[] a, int slot, int count, float scale) {
    for (int s = slot; s < slot + count; s++) {
      FloatVector x = FloatVector.fromArray(SPECIES, a, s * L).mul(scale).max(EXP_MIN).min(EXP_MAX);
      FloatVector t = x.fma(FloatVector.broadcast(SPECIES, LOG2E), FloatVector.broadcast(SPECIES, ROUND_MAGIC));
      FloatVector k = t.sub(ROUND_MAGIC);
      FloatVector r = k.fma(FloatVector.broadcast(SPECIES, -LN2_HI), x);
      r = k.fma(FloatVector.broadcast(SPECIES, -LN2_LO), r);
      FloatVector p = r.fma(P0, P1);
      p = p.fma(r, FloatVector.broadcast(SPECIES, P2));
      p = p.fma(r, FloatVector.broadcast(SPECIES, P3));
      p = p.fma(r, FloatVector.broadcast(SPECIES, P4));
      p = p.fma(r, FloatVector.broadcast(SPECIES, P5));
      FloatVector er = p.fma(r.mul(r), r).add(1f);
      // bits(t) = 0x4B400000 + k and 0x4B400000 << 23 == 0 (mod 2^32): (bits(t) << 23) + (127 << 23) = bits(2^k)
      FloatVector twoK = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(127 << 23)
          .reinterpretAsFloats();
      er.mul(twoK).intoArray(a, s * L);
    }
  }

  /**
   * a[s] = outScale * sigmoid(inScale * a[s]) + outShift for the slots in [slot, slot + count):
   * (1, 1, 0) is sigmoid, (2, 2, -1) is tanh.
   */
  static void sigmoidInPlace(float[] a, int slot, int count, float inScale, float outScale, float outShift) {
    expInPlace(a, slot, count, -inScale);
    FloatVector num = FloatVector.broadcast(SPECIES, outScale);
    for (int s = slot; s < slot + count; s++) {
      num.div(FloatVector.fromArray(SPECIES, a, s * L).add(1f)).add(outShift).intoArray(a, s * L);
    }
  }
}
