package io.optim4rl.agents.a2c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Return logging of REFERENCE 3.4: a hand case and a comparison with the offline scalar formula. */
class ReturnTrackerTest {

  /**
   * B = 2 envs, T = 3 steps per iteration, 3 iterations. Env 0: one episode inside iteration 0 (return 3),
   * one spanning iterations 1 and 2 (return 7). Env 1: one episode inside iteration 0 (return 3), one
   * starting at the last step of iteration 0 and ending at the first step of iteration 2 (return 4).
   * Iteration 1 has no finished episode.
   */
  @Test
  void handCaseWithEpisodesAcrossIterationBoundaries() {
    // time-major [t * B + b] per iteration
    float[][] rewards = {
        {1, 0, 1, 3, 1, -1},   // it 0: env0 1, 1, 1 (done at t=2); env1 0, 3 (done at t=1), -1
        {2, 0, 0, 4, 0, 0},    // it 1: env0 2, 0, 0;                env1 0, 4, 0
        {0, 1, 5, 0, 0, 0}};   // it 2: env0 0, 5 (done at t=1), 0;  env1 1 (done at t=0), 0, 0
    boolean[][] dones = {
        {false, false, false, true, true, false},
        {false, false, false, false, false, false},
        {false, true, true, false, false, false}};
    ReturnTracker tracker = new ReturnTracker(2);
    ReturnTracker.Episodes it0 = tracker.record(rewards[0], dones[0], 3);
    // env1 ends at t=1 with 0+3 = 3; env0 ends at t=2 with 1+1+1 = 3
    assertEquals(2, it0.count());
    assertEquals(3.0, it0.mean());
    ReturnTracker.Episodes it1 = tracker.record(rewards[1], dones[1], 3);
    assertEquals(0, it1.count());
    assertEquals(Double.NaN, it1.mean());
    ReturnTracker.Episodes it2 = tracker.record(rewards[2], dones[2], 3);
    // env1: -1 (it0 t=2) + 0 + 4 + 0 (it1) + 1 (it2 t=0) = 4; env0: 2+0+0 (it1) + 0 + 5 = 7
    assertEquals(2, it2.count());
    assertEquals(11.0, it2.sum());
    assertEquals(5.5, it2.mean());
  }

  @Test
  void agreesWithOfflineScalarFormulaOnRandomData() {
    int numEnvs = 5;
    int steps = 7;
    int iterations = 40;
    SplittableRandom rng = new SplittableRandom(3);
    float[][] rewards = new float[iterations][steps * numEnvs];
    boolean[][] dones = new boolean[iterations][steps * numEnvs];
    for (int i = 0; i < iterations; i++) {
      for (int k = 0; k < steps * numEnvs; k++) {
        rewards[i][k] = (float) rng.nextInt(-2, 3);
        dones[i][k] = rng.nextInt(12) == 0;
      }
    }
    ReturnTracker tracker = new ReturnTracker(numEnvs);
    List<double[]> online = new ArrayList<>();
    for (int i = 0; i < iterations; i++) {
      ReturnTracker.Episodes e = tracker.record(rewards[i], dones[i], steps);
      online.add(new double[] {e.sum(), e.count()});
    }
    List<double[]> offline = offline(rewards, dones, numEnvs, steps);
    for (int i = 0; i < iterations; i++) {
      assertEquals(offline.get(i)[1], online.get(i)[1], "count at iteration " + i);
      assertEquals(offline.get(i)[0], online.get(i)[0], 1e-12, "sum at iteration " + i);
    }
  }

  /**
   * REFERENCE 3.4 literally: per env concatenate the series over all iterations,
   * R_j = r_j + R_{j-1} (1 - d_{j-1}); an episode return is R_j where d_j = 1, attributed to j's iteration.
   */
  private static List<double[]> offline(float[][] rewards, boolean[][] dones, int numEnvs, int steps) {
    int iterations = rewards.length;
    double[][] perIteration = new double[iterations][2];
    for (int b = 0; b < numEnvs; b++) {
      double previous = 0;
      boolean previousDone = false;
      for (int j = 0; j < iterations * steps; j++) {
        int i = j / steps;
        int k = (j % steps) * numEnvs + b;
        double r = rewards[i][k] + previous * (previousDone ? 0 : 1);
        if (dones[i][k]) {
          perIteration[i][0] += r;
          perIteration[i][1] += 1;
        }
        previous = r;
        previousDone = dones[i][k];
      }
    }
    return List.of(perIteration);
  }
}
