package io.optim4rl.envs.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.envs.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PendulumVecEnvTest {

  private static final double TOL = 1e-6;

  @Test
  void resetDrawsThetaThenThetaDotFromTheInstanceStream() {
    PendulumVecEnv env = new PendulumVecEnv(3, 5, 42L);
    for (int i = 0; i < 3; i++) {
      SplittableRandom rng = Seeds.stream(42L, "env", 5 + i);
      assertEquals(rng.nextDouble(-Math.PI, Math.PI), env.theta(i));
      assertEquals(rng.nextDouble(-1.0, 1.0), env.thetaDot(i));
    }
  }

  /**
   * Hand computation (Gym Pendulum-v1 formulas): θ = 1.0, θ̇ = 0.5, action 0.25 → u = 0.5.
   * cost = 1 + 0.1·0.25 + 0.001·0.25 = 1.02525; θ̇' = 0.5 + (15 sin 1 + 3·0.5)·0.05 = 1.2061032386 (python)
   */
  @Test
  void oneStepMatchesTheHandComputation() {
    PendulumVecEnv env = new PendulumVecEnv(1, 0, 1L);
    setState(env, 1.0, 0.5);
    float[] rewards = new float[1];
    boolean[] term = new boolean[1];
    boolean[] trunc = new boolean[1];
    env.step(new float[] {0.25f}, rewards, term, trunc);
    double newThDot = 0.5 + (15.0 * Math.sin(1.0) + 1.5) * 0.05; 
    assertEquals(1.2061032386, newThDot, 1e-6);
    assertEquals(-1.02525, rewards[0], TOL);
    assertEquals(newThDot, env.thetaDot(0), 1e-12);
    assertEquals(1.0 + newThDot * 0.05, env.theta(0), 1e-12);
    float[] obs = new float[3];
    env.observe(obs, 0);
    assertArrayEquals(new float[] {(float) Math.cos(1.0603051619), (float) Math.sin(1.0603051619), 1.2061032f}, obs, 1e-6f);
    assertFalse(term[0]);
    assertFalse(trunc[0]);
  }

  @Test
  void actionsAreClippedSpeedIsClippedAndAnglesNormalised() {
    PendulumVecEnv env = new PendulumVecEnv(1, 0, 1L);
    setState(env, 3 * Math.PI + 0.1, 7.9);
    float[] rewards = new float[1];
    env.step(new float[] {5f}, rewards, new boolean[1], new boolean[1]);
    // normalize(3π + 0.1) = −π + 0.1; u = 2
    double a = -Math.PI + 0.1;
    assertEquals(-(a * a + 0.1 * 7.9 * 7.9 + 0.004), rewards[0], 1e-5);
    assertEquals(8.0, env.thetaDot(0), 0.0);
    assertEquals(-Math.PI, PendulumVecEnv.angleNormalize(Math.PI), 1e-12);
    assertEquals(0.5, PendulumVecEnv.angleNormalize(0.5 - 4 * Math.PI), 1e-12);
  }

  @Test
  void truncatesAfter200StepsAndResets() {
    PendulumVecEnv env = new PendulumVecEnv(2, 0, 3L);
    float[] actions = {0.3f, -0.7f};
    float[] rewards = new float[2];
    boolean[] term = new boolean[2];
    boolean[] trunc = new boolean[2];
    for (int t = 1; t <= 2 * PendulumVecEnv.EPISODE_LENGTH; t++) {
      env.step(actions, rewards, term, trunc);
      boolean expected = t % PendulumVecEnv.EPISODE_LENGTH == 0;
      for (int i = 0; i < 2; i++) {
        assertEquals(expected, trunc[i], "step " + t);
        assertFalse(term[i]);
      }
      if (t == PendulumVecEnv.EPISODE_LENGTH) {
        SplittableRandom rng = Seeds.stream(3L, "env", 0);
        rng.nextDouble();
        rng.nextDouble();
        double th = rng.nextDouble(-Math.PI, Math.PI);
        assertEquals(th, env.theta(0), "the first reset after the initial one continues the stream");
      }
    }
    assertTrue(trunc[0]);
  }

  @Test
  void sameSeedGivesIdenticalTrajectories() {
    float[][] a = rollout(9L);
    float[][] b = rollout(9L);
    for (int t = 0; t < a.length; t++) {
      assertArrayEquals(a[t], b[t]);
    }
    float[][] c = rollout(10L);
    assertFalse(java.util.Arrays.equals(a[0], c[0]));
  }

  private static float[][] rollout(long seed) {
    PendulumVecEnv env = new PendulumVecEnv(4, 0, seed);
    float[][] out = new float[250][];
    float[] actions = new float[4];
    float[] rewards = new float[4];
    for (int t = 0; t < out.length; t++) {
      for (int i = 0; i < 4; i++) {
        actions[i] = (float) Math.sin(0.1 * t + i);
      }
      env.step(actions, rewards, new boolean[4], new boolean[4]);
      out[t] = new float[16];
      env.observe(out[t], 0);
      System.arraycopy(rewards, 0, out[t], 12, 4);
    }
    return out;
  }

  private static void setState(PendulumVecEnv env, double theta, double thetaDot) {
    env.setState(0, theta, thetaDot);
  }
}
