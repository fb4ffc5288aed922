package io.optim4rl.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Statistical checks of the random parts of REFERENCE 1.1: respawn and termination probabilities,
 * distinct reset placements, uniform respawn cells.
 *
 * <p>Tolerance convention: a frequency estimated from {@code n} Bernoulli(p) trials has standard error
 * {@code sqrt(p(1-p)/n)}; bounds are {@value #Z} standard errors, so a correct implementation fails
 * with probability below 1e-6 per check (and the seeds are fixed, so the tests are deterministic).
 */
class GridworldStatisticsTest {

  /** Width of the acceptance band, in standard errors. */
  private static final double Z = 5.0;
  /** Standard normal upper quantile for tail probability 1e-6 (chi-square bounds). */
  private static final double Z_1E6 = 4.75;

  private static void assertFrequency(double p, long successes, long trials, String what) {
    double freq = (double) successes / trials;
    double se = Math.sqrt(p * (1 - p) / trials);
    assertTrue(Math.abs(freq - p) <= Z * se,
        what + ": frequency " + freq + " vs " + p + " (" + trials + " trials, se " + se + ")");
  }

  /**
   * Under natural dynamics with random actions, an object absent before a step is present after it
   * exactly when it respawned. Steps that end the episode are skipped (the state was reset); ending is
   * independent of the absent objects' respawn draws, so this does not bias the estimate.
   */
  @Test
  void absentObjectsRespawnWithTheirRespawnProbability() {
    for (GridworldSpec spec : GridworldSpec.all()) {
      int numEnvs = 128;
      GridworldVecEnv env = new GridworldVecEnv(spec, numEnvs, 3L, 1.0);
      SplittableRandom actionRng = new SplittableRandom(8);
      int[] actions = new int[numEnvs];
      float[] rewards = new float[numEnvs];
      boolean[] dones = new boolean[numEnvs];
      boolean[] absentBefore = new boolean[numEnvs * spec.numObjects()];
      long trials = 0;
      long respawns = 0;
      for (int t = 0; t < 50_000 && trials < 20_000; t++) {
        for (int i = 0; i < numEnvs; i++) {
          actions[i] = actionRng.nextInt(9);
          for (int k = 0; k < spec.numObjects(); k++) {
            absentBefore[i * spec.numObjects() + k] = !env.isPresent(i, k);
          }
        }
        env.step(actions, rewards, dones);
        for (int i = 0; i < numEnvs; i++) {
          for (int k = 0; k < spec.numObjects() && !dones[i]; k++) {
            if (absentBefore[i * spec.numObjects() + k]) {
              trials++;
              respawns += env.isPresent(i, k) ? 1 : 0;
            }
          }
        }
      }
      assertTrue(trials >= 20_000, spec.name() + ": only " + trials + " absent-object steps");
      assertFrequency(spec.object(0).respawnProb(), respawns, trials, spec.name() + " respawn");
    }
  }

  /** A -1 object under a staying agent is collected; the episode then ends with probability 0.5. */
  @Test
  void collectingAMinusOneObjectTerminatesHalfTheTime() {
    GridworldSpec spec = GridworldSpec.byName("small_dense_short");
    int numEnvs = 64;
    GridworldVecEnv env = new GridworldVecEnv(spec, numEnvs, 4L, 1.0);
    int[] actions = new int[numEnvs];
    float[] rewards = new float[numEnvs];
    boolean[] dones = new boolean[numEnvs];
    long terminations = 0;
    long trials = 0;
    for (int rep = 0; rep < 500; rep++) {
      for (int i = 0; i < numEnvs; i++) {
        env.setState(i, 2, 3, new int[] {-1, 2}, new int[] {-1, 3}, 0);
      }
      env.step(actions, rewards, dones);
      for (int i = 0; i < numEnvs; i++) {
        assertEquals(-1f, rewards[i]);
        trials++;
        terminations += dones[i] ? 1 : 0;
      }
    }
    assertFrequency(0.5, terminations, trials, "termination after -1");
  }

  @Test
  void collectingAPlusOneObjectNeverTerminates() {
    GridworldSpec spec = GridworldSpec.byName("big_dense_short");
    GridworldVecEnv env = new GridworldVecEnv(spec, 64, 4L, 1.0);
    float[] rewards = new float[64];
    boolean[] dones = new boolean[64];
    for (int rep = 0; rep < 200; rep++) {
      for (int i = 0; i < 64; i++) {
        env.setState(i, 4, 4, new int[] {4, 4, -1, -1}, new int[] {4, 4, -1, -1}, 0);
      }
      env.step(new int[64], rewards, dones);
      for (int i = 0; i < 64; i++) {
        assertEquals(2f, rewards[i]);
        assertTrue(!dones[i]);
      }
    }
  }

  @Test
  void resetPlacementsAreDistinctAndTheAgentCellIsUniform() {
    for (GridworldSpec spec : GridworldSpec.all()) {
      GridworldVecEnv env = new GridworldVecEnv(spec, 4, 6L, 1.0);
      long[] agentCounts = new long[spec.numEmptyCells()];
      int resets = 60 * spec.numEmptyCells();
      for (int rep = 0; rep < resets; rep++) {
        int i = rep % 4;
        env.reset(i);
        assertEquals(0, env.time(i));
        int[] cells = new int[spec.numObjects() + 1];
        cells[0] = cellIndex(spec, env.agentRow(i), env.agentCol(i));
        for (int k = 0; k < spec.numObjects(); k++) {
          cells[k + 1] = cellIndex(spec, env.objectRow(i, k), env.objectCol(i, k));
        }
        assertEquals(cells.length, Arrays.stream(cells).distinct().count(), spec.name());
        agentCounts[cells[0]]++;
      }
      assertChiSquareUniform(agentCounts, spec.name() + " reset agent cell");
    }
  }

  /** All objects absent with a staying agent: each step respawns on a uniform cell, agent's included. */
  @Test
  void respawnCellsAreUniformOverAllEmptyCells() {
    GridworldSpec spec = GridworldSpec.byName("big_dense_long");
    int numEnvs = 64;
    GridworldVecEnv env = new GridworldVecEnv(spec, numEnvs, 9L, 1.0);
    long[] counts = new long[spec.numEmptyCells()];
    int[] absent = {-1, -1, -1, -1};
    int[] actions = new int[numEnvs];
    float[] rewards = new float[numEnvs];
    boolean[] dones = new boolean[numEnvs];
    for (int rep = 0; rep < 600; rep++) {
      for (int i = 0; i < numEnvs; i++) {
        env.setState(i, 7, 5, absent, absent, 0);
      }
      env.step(actions, rewards, dones);
      for (int i = 0; i < numEnvs; i++) {
        for (int k = 0; k < 4; k++) {
          if (env.isPresent(i, k)) {
            counts[cellIndex(spec, env.objectRow(i, k), env.objectCol(i, k))]++;
          }
        }
      }
    }
    assertTrue(counts[cellIndex(spec, 7, 5)] > 0, "respawns may land on the agent's cell");
    assertChiSquareUniform(counts, "respawn cell");
  }

  private static int cellIndex(GridworldSpec spec, int row, int col) {
    assertTrue(!spec.isWall(row, col), spec.name() + ": placement on a wall (" + row + "," + col + ")");
    return (row - 1) * (spec.width() - 2) + (col - 1);
  }

  /**
   * Pearson chi-square against the uniform distribution, rejected above the Wilson-Hilferty
   * approximation of the chi-square(d) upper 1e-6 quantile, d = cells - 1: {@code d (1 - 2/(9d) +
   * z sqrt(2/(9d)))^3} with z = 4.75 (checked with scipy 1.17.1: d = 23 gives 71.17 vs exact 70.55,
   * d = 116 gives 203.46 vs 203.27, so the false-alarm probability is below 1e-6).
   */
  private static void assertChiSquareUniform(long[] counts, String what) {
    long total = Arrays.stream(counts).sum();
    double expected = (double) total / counts.length;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    int d = counts.length - 1;
    double a = 2.0 / (9.0 * d);
    double bound = d * Math.pow(1 - a + Z_1E6 * Math.sqrt(a), 3);
    assertTrue(chi2 <= bound, what + ": chi-square " + chi2 + " > " + bound + " (df " + d + ")");
  }
}
