package io.optim4rl.analysis.gradients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Wasserstein1dTest {

  /** Tolerance for sums of a few hundred terms. */
  private static final double EXACT = 1e-12;

  @Test
  void scipyDocumentedExamples() {
    // scipy.stats.wasserstein_distance docstring (scipy 1.11): 5.0, 0.25, 4.0781331438047861
    assertEquals(5.0, Wasserstein1d.distance(new double[] {0, 1, 3}, new double[] {5, 6, 8}), EXACT);
    assertEquals(0.25, Wasserstein1d.distance(new double[] {0, 1}, new double[] {3, 1}, new double[] {0, 1},
        new double[] {2, 2}), EXACT);
    assertEquals(4.0781331438047861, Wasserstein1d.distance(new double[] {3.4, 3.9, 7.5, 7.8},
        new double[] {1.4, 0.9, 3.1, 7.2}, new double[] {4.5, 1.4}, new double[] {3.2, 3.5}), EXACT);
  }

  @Test
  void symmetricZeroOnItselfAndAShiftMovesByTheShift() {
    Random r = new Random(3);
    double[] u = r.doubles(50).toArray();
    double[] v = r.doubles(70).map(x -> x * 2).toArray();
    assertEquals(Wasserstein1d.distance(u, v), Wasserstein1d.distance(v, u), EXACT);
    assertEquals(0, Wasserstein1d.distance(u, u), EXACT);
    assertEquals(1.5, Wasserstein1d.distance(u, Arrays.stream(u).map(x -> x + 1.5).toArray()), EXACT);
  }

  @Test
  void stagedPassEqualsThePlainDistanceOfEveryStageAgainstAll() {
    Random r = new Random(11);
    int n = 3000;
    int stages = 7;
    double[] values = new double[n];
    int[] stage = new int[n];
    for (int i = 0; i < n; i++) {
      stage[i] = ArraySplit.part(i, n, stages);
      // drifting, heavy-tailed, with exact repeats (float-like rounding and exact zeros)
      double g = r.nextGaussian() * Math.exp(stage[i] - 4.0) * 1e-3;
      values[i] = r.nextInt(5) == 0 ? 0.0 : (float) g;
    }
    Integer[] idx = new Integer[n];
    Arrays.setAll(idx, i -> i);
    Arrays.sort(idx, (a, b) -> Double.compare(values[a], values[b]));
    double[] sorted = Arrays.stream(idx).mapToDouble(i -> values[i]).toArray();
    int[] sortedStages = Arrays.stream(idx).mapToInt(i -> stage[i]).toArray();
    double[] expected = new double[stages];
    for (int s = 1; s <= stages; s++) {
      int ss = s;
      double[] u = java.util.stream.IntStream.range(0, n).filter(i -> stage[i] == ss).mapToDouble(i -> values[i])
          .toArray();
      expected[s - 1] = Wasserstein1d.distance(u, values);
    }
    double[] oneStretch = StagedWassersteinPass.distances(sorted, sortedStages, stages);
    assertArrayEquals(expected, oneStretch, 1e-12 * Arrays.stream(expected).max().orElseThrow());
    // the same sequence cut into stretches (as range partitions cut it); cuts inside runs of ties too
    double[] pieces = new double[stages];
    long[] totals = new long[stages];
    for (int s : stage) {
      totals[s - 1]++;
    }
    int[] cuts = {0, 1, 599, 600, 1700, 2999, n};
    long[] before = new long[stages];
    for (int c = 0; c + 1 < cuts.length; c++) {
      StagedWassersteinPass p = new StagedWassersteinPass(totals, before, cuts[c] == 0 ? Double.NaN
          : sorted[cuts[c] - 1]);
      for (int i = cuts[c]; i < cuts[c + 1]; i++) {
        p.add(sorted[i], sortedStages[i]);
        before[sortedStages[i] - 1]++;
      }
      double[] s = p.sums();
      for (int k = 0; k < stages; k++) {
        pieces[k] += s[k];
      }
    }
    assertArrayEquals(expected, pieces, 1e-12 * Arrays.stream(expected).max().orElseThrow());
  }

  @Test
  void unsortedInputAndEmptySamplesAreRejected() {
    StagedWassersteinPass p = new StagedWassersteinPass(new long[] {1, 1}, new long[2], Double.NaN);
    p.add(1.0, 1);
    assertThrows(IllegalArgumentException.class, () -> p.add(0.5, 2));
    assertThrows(IllegalArgumentException.class, () -> p.add(2.0, 3));
    assertThrows(IllegalArgumentException.class, () -> Wasserstein1d.distance(new double[0], new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new StagedWassersteinPass(new long[] {0}, new long[1], 0));
  }
}
