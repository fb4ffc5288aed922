package io.optim4rl.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Catch (REFERENCE 1.2 and Appendix C). */
class CatchVecEnvTest {

  private static final int NUM_ENVS = 64;

  /** A policy from (ballCol, paddleCol) to an action. */
  private interface Policy {
    int act(int ballCol, int paddleCol, SplittableRandom rng);
  }

  /** Runs until {@code episodes} episodes have finished; checks length 9 and return ±1 for each. */
  private static double averageReturn(Policy policy, int episodes, long seed) {
    CatchVecEnv env = new CatchVecEnv(NUM_ENVS, seed);
    SplittableRandom rng = new SplittableRandom(seed + 1);
    int[] actions = new int[NUM_ENVS];
    float[] rewards = new float[NUM_ENVS];
    boolean[] dones = new boolean[NUM_ENVS];
    int[] length = new int[NUM_ENVS];
    double[] ret = new double[NUM_ENVS];
    double total = 0;
    int finished = 0;
    while (finished < episodes) {
      for (int i = 0; i < NUM_ENVS; i++) {
        actions[i] = policy.act(env.ballCol(i), env.paddleCol(i), rng);
      }
      env.step(actions, rewards, dones);
      for (int i = 0; i < NUM_ENVS; i++) {
        length[i]++;
        ret[i] += rewards[i];
        if (!dones[i]) {
          assertEquals(0f, rewards[i]);
          continue;
        }
        assertEquals(9, length[i], "episode length");
        assertTrue(ret[i] == 1.0 || ret[i] == -1.0, "return " + ret[i]);
        assertEquals(0, env.ballRow(i), "reset ball row");
        assertEquals(2, env.paddleCol(i), "reset paddle column");
        total += ret[i];
        finished++;
        length[i] = 0;
        ret[i] = 0;
      }
    }
    return total / finished;
  }

  /**
   * The ball column is uniform and independent of a random paddle, so P(catch) = 1/5 exactly and the
   * mean return is -0.6 with standard deviation 0.8 per episode. Over n >= 20,000 episodes the
   * standard error is at most 0.8 / sqrt(20000) = 0.0057; the band is 5 standard errors.
   */
  @Test
  void randomPolicyAveragesMinusPointSix() {
    int episodes = 20_000;
    double mean = averageReturn((b, p, rng) -> rng.nextInt(3), episodes, 5L);
    double bound = 5 * 0.8 / Math.sqrt(episodes);
    assertEquals(-0.6, mean, bound);
  }

  @Test
  void trackingTheBallAlwaysCatchesIt() {
    double mean = averageReturn((b, p, rng) -> Integer.signum(b - p) + 1, 2_000, 6L);
    assertEquals(1.0, mean, 0.0);
  }

  @Test
  void paddleMovesAndIsClipped() {
    CatchVecEnv env = new CatchVecEnv(1, 1L);
    float[] r = new float[1];
    boolean[] d = new boolean[1];
    int[] expected = {1, 0, 0, 1, 2, 3, 4, 4};
    int[] actions = {0, 0, 0, 2, 2, 2, 2, 2};
    for (int t = 0; t < actions.length; t++) {
      env.step(new int[] {actions[t]}, r, d);
      assertEquals(expected[t], env.paddleCol(0), "step " + t);
      assertEquals(t + 1, env.ballRow(0));
    }
    assertThrows(IllegalArgumentException.class, () -> env.step(new int[] {3}, r, d));
  }

  @Test
  void observationMarksBallAndPaddle() {
    CatchVecEnv env = new CatchVecEnv(3, 2L);
    assertArrayEquals(new int[] {10, 5, 1}, env.observationShape());
    assertEquals(50, env.observationSize());
    float[] obs = new float[3 * 50];
    Arrays.fill(obs, 9f);
    for (int t = 0; t < 30; t++) {
      env.observe(obs, 0);
      for (int i = 0; i < 3; i++) {
        float sum = 0;
        for (int k = 0; k < 50; k++) {
          float v = obs[i * 50 + k];
          assertTrue(v == 0f || v == 1f);
          sum += v;
        }
        assertEquals(2f, sum);
        assertEquals(1f, obs[i * 50 + env.ballRow(i) * 5 + env.ballCol(i)]);
        assertEquals(1f, obs[i * 50 + 9 * 5 + env.paddleCol(i)]);
      }
      env.step(new int[] {t % 3, 1, 2}, new float[3], new boolean[3]);
    }
  }

  @Test
  void rewardScalingIsIgnored() {
    VecEnv env = Tasks.create("catch", 8, 3L, 1000.0);
    float[] r = new float[8];
    boolean[] d = new boolean[8];
    for (int t = 0; t < 9; t++) {
      env.step(new int[8], r, d);
    }
    for (int i = 0; i < 8; i++) {
      assertTrue(d[i]);
      assertEquals(1f, Math.abs(r[i]));
    }
  }

  @Test
  void ballColumnIsUniformAtReset() {
    CatchVecEnv env = new CatchVecEnv(1, 4L);
    int n = 50_000;
    int[] counts = new int[5];
    for (int k = 0; k < n; k++) {
      env.reset(0);
      counts[env.ballCol(0)]++;
    }
    // Each count ~ Binomial(n, 1/5): standard deviation sqrt(n * 0.16) ~ 89; band 5 sd.
    for (int c : counts) {
      assertEquals(n / 5.0, c, 5 * Math.sqrt(n * 0.16));
    }
  }
}
