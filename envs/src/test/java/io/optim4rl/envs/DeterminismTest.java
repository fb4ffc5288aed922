package io.optim4rl.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeding contract of REFERENCE 1.4 as realised by {@link Seeds}: per-instance streams only. */
class DeterminismTest {

  private static final int STEPS = 300;

  /** Observations, rewards and dones of instance {@code watch} over a rollout, flattened. */
  private record Trace(float[] obs, float[] rewards, boolean[] dones) {}

  /** Instance {@code i}'s action at step t comes from its own stream, whatever the batch size. */
  private static Trace rollout(String task, int numEnvs, long seed, int watch) {
    VecEnv env = Tasks.create(task, numEnvs, seed, 1.0);
    int size = env.observationSize();
    SplittableRandom[] actionRngs = new SplittableRandom[numEnvs];
    for (int i = 0; i < numEnvs; i++) {
      actionRngs[i] = Seeds.stream(99L, "test-actions", i);
    }
    float[] all = new float[numEnvs * size];
    float[] obs = new float[STEPS * size];
    float[] rewards = new float[STEPS];
    boolean[] dones = new boolean[STEPS];
    int[] actions = new int[numEnvs];
    float[] r = new float[numEnvs];
    boolean[] d = new boolean[numEnvs];
    for (int t = 0; t < STEPS; t++) {
      env.observe(all, 0);
      System.arraycopy(all, watch * size, obs, t * size, size);
      for (int i = 0; i < numEnvs; i++) {
        actions[i] = actionRngs[i].nextInt(env.numActions());
      }
      env.step(actions, r, d);
      rewards[t] = r[watch];
      dones[t] = d[watch];
    }
    return new Trace(obs, rewards, dones);
  }

  @Test
  void sameSeedGivesIdenticalTrajectories() {
    for (String task : Tasks.names()) {
      Trace a = rollout(task, 5, 17L, 3);
      Trace b = rollout(task, 5, 17L, 3);
      assertArrayEquals(a.obs(), b.obs(), task);
      assertArrayEquals(a.rewards(), b.rewards(), task);
      assertArrayEquals(a.dones(), b.dones(), task);
    }
  }

  @Test
  void differentSeedsGiveDifferentTrajectories() {
    for (String task : Tasks.names()) {
      Trace a = rollout(task, 5, 17L, 3);
      Trace b = rollout(task, 5, 18L, 3);
      assertFalse(Arrays.equals(a.obs(), b.obs()), task);
    }
  }

  @Test
  void instanceTrajectoryDoesNotDependOnBatchSize() {
    for (String task : Tasks.names()) {
      Trace small = rollout(task, 4, 23L, 2);
      Trace large = rollout(task, 9, 23L, 2);
      assertArrayEquals(small.obs(), large.obs(), task);
      assertArrayEquals(small.rewards(), large.rewards(), task);
      assertArrayEquals(small.dones(), large.dones(), task);
    }
  }

  @Test
  void instancesOfOneBatchDiffer() {
    for (String task : Tasks.names()) {
      assertFalse(Arrays.equals(rollout(task, 4, 23L, 0).obs(), rollout(task, 4, 23L, 1).obs()), task);
    }
  }
}
