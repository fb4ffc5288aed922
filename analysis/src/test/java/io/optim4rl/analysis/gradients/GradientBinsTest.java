package io.optim4rl.analysis.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GradientBinsTest {

  @Test
  void log10BinsAreTheReferenceEdgesPlusAnOverflowBin() {
    GradientBins b = GradientBins.log10();
    assertEquals(28, b.count());
    assertEquals(-9.0, b.lo(0));
    assertEquals(-8.5, b.hi(0));
    assertEquals(4.5, b.hi(26));
    assertEquals(Double.POSITIVE_INFINITY, b.hi(27));
    // an exact zero gradient lands at log10(1e-8) = -8: bin [-8, -7.5)
    assertEquals(2, b.bin(GradientBins.logTransform(0.0)));
    assertEquals(-8.0, b.lo(b.bin(GradientBins.logTransform(0.0))));
    assertEquals(12, b.bin(-3.0)); // [-3, -2.5): left edges are inside
    assertEquals(26, b.bin(4.5)); // the last edge belongs to the last bin (numpy)
    assertEquals(27, b.bin(4.6));
    assertEquals(-1, b.bin(-9.5));
  }

  @Test
  void rawBinsSpanMinToMaxLikeNumpy() {
    GradientBins b = GradientBins.raw(-2, 2);
    assertEquals(40, b.count());
    assertEquals(0, b.bin(-2));
    assertEquals(39, b.bin(2));
    assertEquals(20, b.bin(0));
    assertEquals(19, b.bin(-1e-12));
    assertEquals(-1, b.bin(2.0000001));
    GradientBins single = GradientBins.raw(3, 3);
    assertEquals(2.5, single.lo(0));
    assertEquals(3.5, single.hi(39), 1e-15);
  }

  @Test
  void arraySplitMatchesNumpy() {
    // np.array_split(range(2929), 30): 19 parts of 98, then 11 of 97
    assertEquals(98, ArraySplit.size(1, 2929, 30));
    assertEquals(98, ArraySplit.size(19, 2929, 30));
    assertEquals(97, ArraySplit.size(20, 2929, 30));
    assertEquals(1, ArraySplit.part(97, 2929, 30));
    assertEquals(2, ArraySplit.part(98, 2929, 30));
    assertEquals(19, ArraySplit.part(19 * 98 - 1, 2929, 30));
    assertEquals(20, ArraySplit.part(19 * 98, 2929, 30));
    assertEquals(30, ArraySplit.part(2928, 2929, 30));
    assertEquals(16, ArraySplit.part(15 * 140, 4200, 30));
    int[] sizes = new int[31];
    for (int i = 0; i < 4200; i++) {
      sizes[ArraySplit.part(i, 4200, 30)]++;
    }
    for (int p = 1; p <= 30; p++) {
      assertEquals(140, sizes[p]);
    }
  }
}
