package io.optim4rl.agents.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunningStatisticsTest {

  @Test
  void batchedUpdatesAgreeWithATwoPassMeanAndVariance() {
    SplittableRandom rng = new SplittableRandom(5);
    int d = 3;
    int[] batches = {7, 1, 30, 12};
    int total = 50;
    float[] all = new float[total * d];
    for (int i = 0; i < all.length; i++) {
      all[i] = (float) (rng.nextGaussian() * (1 + i % d) + 3 * (i % d) - 2);
    }
    RunningStatistics s = RunningStatistics.init(d);
    int row = 0;
    for (int b : batches) {
      float[] part = java.util.Arrays.copyOfRange(all, row * d, (row + b) * d);
      s = s.update(part, b);
      row += b;
    }
    double[] mean = new double[d];
    for (int r = 0; r < total; r++) {
      for (int k = 0; k < d; k++) {
        mean[k] += all[r * d + k] / (double) total;
      }
    }
    double[] std = new double[d];
    for (int r = 0; r < total; r++) {
      for (int k = 0; k < d; k++) {
        std[k] += Math.pow(all[r * d + k] - mean[k], 2) / total;
      }
    }
    for (int k = 0; k < d; k++) {
      std[k] = Math.sqrt(std[k]);
    }
    assertEquals(total, s.count());
    assertArrayEquals(mean, s.mean(), 1e-12);
    assertArrayEquals(std, s.std(), 1e-12);
    float[] out = new float[d];
    s.normalize(all, 0, out, 0, 1);
    for (int k = 0; k < d; k++) {
      assertEquals((all[k] - mean[k]) / std[k], out[k], 1e-5);
    }
  }

  @Test
  void initialStatisticsAreIdentityAndStdIsClipped() {
    RunningStatistics s = RunningStatistics.init(2);
    float[] out = new float[2];
    s.normalize(new float[] {1.5f, -2f}, 0, out, 0, 1);
    assertArrayEquals(new float[] {1.5f, -2f}, out);
    RunningStatistics constant = s.update(new float[] {4f, 4f, 4f, 4f}, 2);
    assertArrayEquals(new double[] {RunningStatistics.STD_MIN, RunningStatistics.STD_MIN}, constant.std(), 0.0);
  }
}
