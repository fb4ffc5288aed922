package io.optim4rl.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedSummaryTest {

  @Test
  void meanAndStandardErrorWithDdofZero() {
    SeedSummary s = SeedSummary.of(new double[] {1, 2, 3, 4}, 1);
    assertEquals(2.5, s.mean(), 1e-15);
    // population std = sqrt(1.25); se = sqrt(1.25) / 2
    assertEquals(Math.sqrt(1.25) / 2, s.standardError(), 1e-15);
  }

  @Test
  void bootstrapIntervalCoversTheMeanAndShrinksWithMoreData() {
    double[] small = {0.8, 0.9, 1.0, 0.7, 0.95};
    SeedSummary s = SeedSummary.of(small, 42);
    assertTrue(s.ciLow() < s.mean() && s.mean() < s.ciHigh());
    assertTrue(s.ciLow() >= 0.7 && s.ciHigh() <= 1.0);
    double[] many = new double[200];
    for (int i = 0; i < many.length; i++) {
      many[i] = small[i % small.length];
    }
    assertTrue(SeedSummary.of(many, 42).halfWidth() < s.halfWidth() / 3);
    // a percentile interval of the mean of n draws is about mean +- 1.645 se for large n
    SeedSummary big = SeedSummary.of(many, 7);
    assertEquals(1.645 * big.standardError(), big.halfWidth(), 0.1 * big.halfWidth());
  }

  @Test
  void constantValuesGiveADegenerateIntervalAndPercentileInterpolates() {
    SeedSummary s = SeedSummary.of(new double[] {3, 3, 3}, 1);
    assertEquals(3, s.ciLow());
    assertEquals(3, s.ciHigh());
    assertEquals(0, s.standardError());
    assertEquals(2.5, SeedSummary.percentile(new double[] {1, 2, 3, 4}, 0.5), 1e-15);
    assertEquals(1.3, SeedSummary.percentile(new double[] {1, 2, 3, 4}, 0.1), 1e-12);
  }
}
