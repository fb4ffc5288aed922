package io.optim4rl.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Observation invariants (REFERENCE Appendix C), movement (1.1 step 1) and horizon (1.1 steps 3-5). */
class GridworldVecEnvTest {

  private static final int[] NONE2 = {-1, -1};

  @Test
  void observationInvariantsHoldOverRandomStepsOnAllMaps() {
    for (GridworldSpec spec : GridworldSpec.all()) {
      GridworldVecEnv env = new GridworldVecEnv(spec, 8, 11L, 1.0);
      int n = spec.numObjects();
      int h = spec.height();
      int w = spec.width();
      float[] obs = new float[8 * env.observationSize()];
      Arrays.fill(obs, 7f); // observe must overwrite every entry
      SplittableRandom actionRng = new SplittableRandom(5);
      int[] actions = new int[8];
      float[] rewards = new float[8];
      boolean[] dones = new boolean[8];
      for (int t = 0; t < 1500; t++) {
        env.observe(obs, 0);
        for (int i = 0; i < 8; i++) {
          int base = i * env.observationSize();
          for (int p = 0; p <= n; p++) {
            boolean present = p == n || env.isPresent(i, p);
            int ones = 0;
            for (int r = 0; r < h; r++) {
              for (int c = 0; c < w; c++) {
                float v = obs[base + (p * h + r) * w + c];
                assertTrue(v == 0f || v == 1f, spec.name() + ": value " + v);
                if (v == 1f) {
                  ones++;
                  assertFalse(spec.isWall(r, c), spec.name() + ": 1 on a wall cell");
                  int er = p == n ? env.agentRow(i) : env.objectRow(i, p);
                  int ec = p == n ? env.agentCol(i) : env.objectCol(i, p);
                  assertEquals(er, r);
                  assertEquals(ec, c);
                }
              }
            }
            assertEquals(present ? 1 : 0, ones, spec.name() + " plane " + p);
          }
        }
        for (int i = 0; i < 8; i++) {
          actions[i] = actionRng.nextInt(9);
        }
        env.step(actions, rewards, dones);
      }
    }
  }

  @Test
  void observeWritesAtOffsetAndLeavesTheRestAlone() {
    GridworldVecEnv env = new GridworldVecEnv(GridworldSpec.byName("small_dense_long"), 2, 1L, 1.0);
    int size = env.observationSize();
    assertEquals(3 * 8 * 6, size);
    float[] out = new float[2 * size + 10];
    Arrays.fill(out, 5f);
    env.observe(out, 4);
    for (int k = 0; k < 4; k++) {
      assertEquals(5f, out[k]);
    }
    assertEquals(5f, out[4 + 2 * size]);
    float sum = 0;
    for (int k = 4; k < 4 + 2 * size; k++) {
      sum += out[k];
    }
    assertEquals(6f, sum); // 2 envs x (2 objects + agent) after reset
    assertThrows(IllegalArgumentException.class, () -> env.observe(new float[2 * size], 1));
  }

  /** Expected (row, col) after each action from the agent position, per REFERENCE 1.1. */
  private static int[] moveFrom(GridworldVecEnv env, int row, int col, int action) {
    int numObjects = env.spec().numObjects();
    int[] absent = new int[numObjects];
    Arrays.fill(absent, -1);
    env.setState(0, row, col, absent, absent.clone(), 0);
    env.step(new int[] {action}, new float[1], new boolean[1]);
    return new int[] {env.agentRow(0), env.agentCol(0)};
  }

  @Test
  void eachActionFromAnInteriorCell() {
    GridworldVecEnv env = new GridworldVecEnv(GridworldSpec.byName("big_dense_long"), 1, 3L, 1.0);
    int[][] expected = {{5, 5}, {4, 5}, {5, 6}, {6, 5}, {5, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}};
    for (int a = 0; a < 9; a++) {
      assertArrayEquals(expected[a], moveFrom(env, 5, 5, a), "action " + a);
    }
  }

  @Test
  void wallsCancelMovesIncludingDiagonals() {
    GridworldVecEnv env = new GridworldVecEnv(GridworldSpec.byName("small_dense_short"), 1, 3L, 1.0);
    // Top-left interior corner (1,1): only right, down and down-right leave it.
    int[][] fromTopLeft = {{1, 1}, {1, 1}, {1, 2}, {2, 1}, {1, 1}, {1, 1}, {2, 2}, {1, 1}, {1, 1}};
    // Bottom-right interior corner (4,6) of the 6x8 map: only up, left and up-left leave it.
    int[][] fromBottomRight = {{4, 6}, {3, 6}, {4, 6}, {4, 6}, {4, 5}, {4, 6}, {4, 6}, {4, 6}, {3, 5}};
    // Top edge (1,3): down-left is diagonal into the interior and must move; up-left/up-right hit wall.
    int[][] fromTopEdge = {{1, 3}, {1, 3}, {1, 4}, {2, 3}, {1, 2}, {2, 2}, {2, 4}, {1, 3}, {1, 3}};
    for (int a = 0; a < 9; a++) {
      assertArrayEquals(fromTopLeft[a], moveFrom(env, 1, 1, a), "top-left, action " + a);
      assertArrayEquals(fromBottomRight[a], moveFrom(env, 4, 6, a), "bottom-right, action " + a);
      assertArrayEquals(fromTopEdge[a], moveFrom(env, 1, 3, a), "top edge, action " + a);
    }
  }

  /**
   * Appendix C: with action 0 a reward is collected only from an object already on the agent's cell
   * (it got there by respawning), and an episode ends before the horizon only by collecting a -1
   * object. Every instance starts with all objects absent so that respawns onto the agent do occur in
   * its first episode; after a reset the objects sit on other cells and are never collected, so every
   * later episode lasts exactly maxSteps.
   */
  @Test
  void stayingPutEpisodesLastTheHorizonUnlessAMinusOneObjectTerminates() {
    for (GridworldSpec spec : GridworldSpec.all()) {
      int numEnvs = 16;
      GridworldVecEnv env = new GridworldVecEnv(spec, numEnvs, 21L, 1.0);
      int[] absent = new int[spec.numObjects()];
      Arrays.fill(absent, -1);
      for (int i = 0; i < numEnvs; i++) {
        env.setState(i, env.agentRow(i), env.agentCol(i), absent, absent, 0);
      }
      int[] actions = new int[numEnvs];
      float[] rewards = new float[numEnvs];
      boolean[] dones = new boolean[numEnvs];
      int[] episode = new int[numEnvs];
      int fullLater = 0;
      for (int t = 0; t < 1200; t++) {
        boolean[] minusOneUnderAgent = new boolean[numEnvs];
        double[] rewardUnderAgent = new double[numEnvs];
        int[] timeBefore = new int[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
          timeBefore[i] = env.time(i);
          for (int k = 0; k < spec.numObjects(); k++) {
            if (env.objectRow(i, k) == env.agentRow(i) && env.objectCol(i, k) == env.agentCol(i)) {
              rewardUnderAgent[i] += spec.object(k).reward();
              minusOneUnderAgent[i] |= spec.object(k).reward() < 0;
            }
          }
        }
        env.step(actions, rewards, dones);
        for (int i = 0; i < numEnvs; i++) {
          assertEquals(rewardUnderAgent[i], rewards[i], 0.0, spec.name());
          if (episode[i] > 0) {
            assertEquals(0f, rewards[i], spec.name() + ": reward after a reset with action 0");
          }
          int length = timeBefore[i] + 1;
          if (dones[i]) {
            assertEquals(0, env.time(i), spec.name() + ": time resets on done");
            assertTrue(length == spec.maxSteps() || (episode[i] == 0 && minusOneUnderAgent[i]),
                spec.name() + ": episode ended at " + length + " without a -1 collection");
            fullLater += episode[i] > 0 ? 1 : 0;
            episode[i]++;
          } else {
            assertTrue(length < spec.maxSteps(), spec.name());
            assertEquals(length, env.time(i), spec.name());
          }
        }
      }
      int minFull = numEnvs * (1200 / spec.maxSteps() - 1);
      assertTrue(fullLater >= minFull, spec.name() + ": " + fullLater + " < " + minFull);
    }
  }

  @Test
  void collectingAddsRewardsScalesThemAndMarksObjectsAbsent() {
    GridworldSpec spec = GridworldSpec.byName("big_sparse_short");
    GridworldVecEnv env = new GridworldVecEnv(spec, 1, 2L, 100.0);
    // Both +1 objects on (3,4); agent moves right from (3,3) onto them; the -1 objects are absent.
    env.setState(0, 3, 3, new int[] {3, 3, -1, -1}, new int[] {4, 4, -1, -1}, 7);
    float[] rewards = new float[1];
    boolean[] dones = new boolean[1];
    env.step(new int[] {2}, rewards, dones);
    assertEquals(200f, rewards[0]);
    assertFalse(dones[0], "+1 objects never terminate");
    assertEquals(8, env.time(0));
    for (int k = 0; k < 2; k++) {
      // Absent unless respawned this very step (then on an empty cell).
      assertTrue(!env.isPresent(0, k) || !spec.isWall(env.objectRow(0, k), env.objectCol(0, k)));
    }
  }

  @Test
  void setStateAndStepValidateTheirInputs() {
    GridworldVecEnv env = new GridworldVecEnv(GridworldSpec.byName("small_dense_long"), 2, 2L, 1.0);
    assertThrows(IllegalArgumentException.class,
        () -> env.setState(0, 0, 1, NONE2, NONE2, 0)); // agent on a wall
    assertThrows(IllegalArgumentException.class,
        () -> env.setState(0, 1, 1, new int[] {1}, new int[] {1}, 0)); // wrong object count
    assertThrows(IllegalArgumentException.class,
        () -> env.setState(0, 1, 1, NONE2, NONE2, 500)); // time at the horizon
    assertThrows(IllegalArgumentException.class,
        () -> env.step(new int[] {0, 9}, new float[2], new boolean[2]));
    assertThrows(IllegalArgumentException.class,
        () -> env.step(new int[] {0}, new float[2], new boolean[2]));
    assertThrows(IndexOutOfBoundsException.class, () -> env.objectRow(0, 2));
    assertThrows(IllegalArgumentException.class,
        () -> new GridworldVecEnv(GridworldSpec.byName("small_dense_long"), 0, 2L, 1.0));
  }
}
