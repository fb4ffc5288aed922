package io.optim4rl.envs.control.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.optim4rl.envs.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stepping, seeding, termination, truncation and rewards of the MuJoCo tasks (need the library). */
class MujocoVecEnvTest {

  /** Rewards are floats around 1..10: agreement with a double-precision hand computation. */
  private static final double REWARD_TOLERANCE = 1e-4;

  @BeforeEach
  void requireMujoco() {
    assumeTrue(Mujoco.isAvailable(), "MuJoCo 2.2.2 not installed");
  }

  /** Observations of every step, with the flags, of {@code steps} batch steps under seeded random actions. */
  private static float[][] rollout(MujocoVecEnv env, int steps, long actionSeed, int firstIndex) {
    int n = env.numEnvs();
    int a = env.actionSize();
    int o = env.observationSize();
    float[][] trace = new float[steps + 1][n * (o + 3)];
    float[] actions = new float[n * a];
    float[] rewards = new float[n];
    boolean[] term = new boolean[n];
    boolean[] trunc = new boolean[n];
    float[] obs = new float[n * o];
    env.observe(obs, 0);
    record(trace[0], obs, rewards, term, trunc, n, o);
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < n; i++) {
        // one action stream per instance index, so shards can replay the same actions
        SplittableRandom rng = Seeds.stream(actionSeed, "test-actions", (long) (firstIndex + i) * 100_000 + t);
        for (int j = 0; j < a; j++) {
          actions[i * a + j] = (float) (2.4 * rng.nextDouble() - 1.2);
        }
      }
      env.step(actions, rewards, term, trunc);
      env.observe(obs, 0);
      record(trace[t], obs, rewards, term, trunc, n, o);
    }
    return trace;
  }

  private static void record(float[] row, float[] obs, float[] rewards, boolean[] term, boolean[] trunc,
      int n, int o) {
    for (int i = 0; i < n; i++) {
      System.arraycopy(obs, i * o, row, i * (o + 3), o);
      row[i * (o + 3) + o] = rewards[i];
      row[i * (o + 3) + o + 1] = term[i] ? 1 : 0;
      row[i * (o + 3) + o + 2] = trunc[i] ? 1 : 0;
    }
  }

  private static float[] instance(float[] row, int i, int width) {
    return Arrays.copyOfRange(row, i * width, (i + 1) * width);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ant", "humanoid", "inverted_double_pendulum", "walker2d"})
  void sameSeedSameTrajectoryAndShardsReproduceInstances(String task) {
    int steps = 200;
    float[][] a;
    float[][] b;
    float[][] shard;
    float[][] par;
    try (MujocoVecEnv env = MujocoTasks.create(task, 4, 0, 7L)) {
      a = rollout(env, steps, 3L, 0);
    }
    try (MujocoVecEnv env = MujocoTasks.create(task, 4, 0, 7L)) {
      b = rollout(env, steps, 3L, 0);
    }
    try (MujocoVecEnv env = MujocoTasks.create(task, 2, 2, 7L)) {
      shard = rollout(env, steps, 3L, 2);
    }
    try (MujocoVecEnv env = MujocoTasks.create(task, 4, 0, 7L, MujocoTasks.EPISODE_LENGTH, true)) {
      par = rollout(env, steps, 3L, 0);
    }
    int width = MujocoTasks.observationSize(task) + 3;
    for (int t = 0; t <= steps; t++) {
      assertArrayEquals(a[t], b[t], "step " + t);
      assertArrayEquals(a[t], par[t], "parallel, step " + t);
      for (int i = 0; i < 2; i++) {
        assertArrayEquals(instance(a[t], 2 + i, width), instance(shard[t], i, width),
            "instance " + (2 + i) + " in a shard starting at 2, step " + t);
      }
    }
    assertFalse(Arrays.equals(instance(a[0], 0, width), instance(a[0], 1, width)),
        "instances 0 and 1 start in the same state");
    try (MujocoVecEnv env = MujocoTasks.create(task, 4, 0, 8L)) {
      assertNotEquals(Arrays.toString(a[0]), Arrays.toString(rollout(env, 0, 3L, 0)[0]),
          "seeds 7 and 8 give the same initial states");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"walker2d", "inverted_double_pendulum"})
  void fallsUnderZeroActionAndResets(String task) {
    try (MujocoVecEnv env = MujocoTasks.create(task, 2, 0, 1L)) {
      float[] actions = new float[2 * env.actionSize()];
      float[] rewards = new float[2];
      boolean[] term = new boolean[2];
      boolean[] trunc = new boolean[2];
      boolean fell = false;
      for (int t = 1; t <= env.episodeLength() && !fell; t++) {
        env.step(actions, rewards, term, trunc);
        for (int i = 0; i < 2; i++) {
          assertFalse(term[i] && trunc[i], "terminated and truncated at once");
          assertFalse(trunc[i], "truncated before falling");
          if (term[i]) {
            fell = true;
            assertEquals(0, env.elapsedSteps(i), "a terminated instance is reset");
            assertTrue(t < 500, task + " took " + t + " steps to fall");
          } else {
            assertEquals(t, env.elapsedSteps(i));
          }
        }
      }
      assertTrue(fell, task + " never fell under zero action");
    }
  }

  @Test
  void truncatesAtEpisodeLength() {
    try (MujocoVecEnv env = MujocoTasks.create("ant", 2, 0, 1L)) {
      float[] actions = new float[2 * env.actionSize()];
      float[] rewards = new float[2];
      boolean[] term = new boolean[2];
      boolean[] trunc = new boolean[2];
      for (int t = 1; t <= MujocoTasks.EPISODE_LENGTH; t++) {
        env.step(actions, rewards, term, trunc);
        for (int i = 0; i < 2; i++) {
          assertFalse(term[i], "resting ant terminated at step " + t);
          assertEquals(t == MujocoTasks.EPISODE_LENGTH, trunc[i], "truncation flag at step " + t);
        }
      }
      assertEquals(0, env.elapsedSteps(0), "truncated instance is reset");
      env.step(actions, rewards, term, trunc);
      assertEquals(1, env.elapsedSteps(0));
    }
  }

  @Test
  void shortEpisodeLengthTruncates() {
    try (MujocoVecEnv env = MujocoTasks.create("walker2d", 1, 0, 1L, 5, false)) {
      float[] actions = new float[env.actionSize()];
      boolean[] term = new boolean[1];
      boolean[] trunc = new boolean[1];
      float[] rewards = new float[1];
      for (int t = 1; t <= 5; t++) {
        env.step(actions, rewards, term, trunc);
        assertFalse(term[0]);
        assertEquals(t == 5, trunc[0]);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ant", "walker2d"})
  void forwardRewardIsDisplacementOverDt(String task) {
    double ctrlWeight = task.equals("ant") ? 0.5 : 1e-3;
    try (MujocoVecEnv env = MujocoTasks.create(task, 1, 0, 5L)) {
      int nq = env.model().nq();
      float[] actions = new float[env.actionSize()];
      double ctrlCost = 0;
      for (int j = 0; j < actions.length; j++) {
        actions[j] = (j % 2 == 0 ? 0.7f : -0.4f);
        ctrlCost += actions[j] * (double) actions[j];
      }
      float[] rewards = new float[1];
      boolean[] term = new boolean[1];
      boolean[] trunc = new boolean[1];
      double[] before = new double[nq];
      double[] after = new double[nq];
      for (int t = 0; t < 5; t++) {
        env.readQpos(0, before);
        env.step(actions, rewards, term, trunc);
        assertFalse(term[0] || trunc[0]);
        env.readQpos(0, after);
        double expected = (after[0] - before[0]) / env.dt() + 1.0 - ctrlWeight * ctrlCost;
        assertEquals(expected, rewards[0], REWARD_TOLERANCE, "step " + t);
      }
    }
  }

  @Test
  void actionsAreClippedToTheUnitBox() {
    float[][] obs = new float[2][];
    float[] big = {5f, -5f, 5f, -5f, 5f, -5f};
    float[] unit = {1f, -1f, 1f, -1f, 1f, -1f};
    float[][] actions = {big, unit};
    for (int k = 0; k < 2; k++) {
      try (MujocoVecEnv env = MujocoTasks.create("walker2d", 1, 0, 2L)) {
        float[] rewards = new float[1];
        env.step(actions[k], rewards, new boolean[1], new boolean[1]);
        obs[k] = new float[env.observationSize() + 1];
        env.observe(obs[k], 0);
        obs[k][env.observationSize()] = rewards[0];
      }
    }
    assertArrayEquals(obs[1], obs[0]);
  }

  @Test
  void humanoidStartsHealthyAndScoresAboutTheHealthyReward() {
    try (MujocoVecEnv env = MujocoTasks.create("humanoid", 2, 0, 3L)) {
      double[] qpos = new double[env.model().nq()];
      env.readQpos(0, qpos);
      assertEquals(1.5, qpos[2], 0.011, "torso starts at the model's height plus noise");
      float[] rewards = new float[2];
      boolean[] term = new boolean[2];
      env.step(new float[2 * 21], rewards, term, new boolean[2]);
      assertFalse(term[0] || term[1]);
      assertEquals(5.0, rewards[0], 1.0, "healthy reward 5 plus a small velocity term");
    }
  }
}
