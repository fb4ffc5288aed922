package io.optim4rl.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vectorised {@link GridworldVecEnv} against a plain one-instance transcription of REFERENCE 1.1
 * (steps 1-6, Reset, Observation) written here with objects and 2-D arrays, drawing from the same
 * stream in the documented order (per object: u_term, u_respawn, cell; reset: rejection sampling).
 */
class GridworldScalarReferenceTest {

  private static final int[][] DELTA = {
      {0, 0}, {-1, 0}, {0, 1}, {1, 0}, {0, -1}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}};

  /** One gridworld instance, written for clarity rather than speed. */
  private static final class ScalarGridworld {
    final GridworldSpec spec;
    final SplittableRandom rng;
    int[] agent = new int[2];
    int[][] objects;
    int time;

    ScalarGridworld(GridworldSpec spec, SplittableRandom rng) {
      this.spec = spec;
      this.rng = rng;
      this.objects = new int[spec.numObjects()][2];
      reset();
    }

    void reset() {
      List<Integer> taken = new ArrayList<>();
      while (taken.size() < spec.numObjects() + 1) {
        int c = rng.nextInt(spec.numEmptyCells());
        if (!taken.contains(c)) {
          taken.add(c);
        }
      }
      agent = new int[] {spec.emptyRow(taken.get(0)), spec.emptyCol(taken.get(0))};
      for (int k = 0; k < spec.numObjects(); k++) {
        objects[k] = new int[] {spec.emptyRow(taken.get(k + 1)), spec.emptyCol(taken.get(k + 1))};
      }
      time = 0;
    }

    /** Returns {reward, done ? 1 : 0}. */
    double[] step(int action, double scaling) {
      int r = Math.max(0, Math.min(spec.height() - 1, agent[0] + DELTA[action][0]));
      int c = Math.max(0, Math.min(spec.width() - 1, agent[1] + DELTA[action][1]));
      if (!spec.isWall(r, c)) {
        agent = new int[] {r, c};
      }
      double reward = 0;
      boolean terminate = false;
      for (int k = 0; k < spec.numObjects(); k++) {
        double uTerm = rng.nextDouble();
        double uRespawn = rng.nextDouble();
        int cell = rng.nextInt(spec.numEmptyCells());
        if (objects[k][0] == agent[0] && objects[k][1] == agent[1]) {
          reward += spec.object(k).reward();
          objects[k] = new int[] {-1, -1};
          if (uTerm <= spec.object(k).termProb()) {
            terminate = true;
          }
        }
        if (objects[k][0] < 0 && objects[k][1] < 0 && uRespawn <= spec.object(k).respawnProb()) {
          objects[k] = new int[] {spec.emptyRow(cell), spec.emptyCol(cell)};
        }
      }
      time++;
      boolean done = terminate || time >= spec.maxSteps();
      if (done) {
        reset();
      }
      return new double[] {scaling * reward, done ? 1 : 0};
    }

    float[] observe() {
      int n = spec.numObjects();
      float[][][] obs = new float[n + 1][spec.height()][spec.width()];
      for (int k = 0; k < n; k++) {
        if (objects[k][0] >= 0) {
          obs[k][objects[k][0]][objects[k][1]] = 1f;
        }
      }
      obs[n][agent[0]][agent[1]] = 1f;
      float[] flat = new float[(n + 1) * spec.height() * spec.width()];
      int p = 0;
      for (float[][] plane : obs) {
        for (float[] row : plane) {
          for (float v : row) {
            flat[p++] = v;
          }
        }
      }
      return flat;
    }
  }

  @Test
  void vectorisedMatchesScalarLoopOnAllMaps() {
    long seed = 31L;
    double scaling = 10.0;
    int numEnvs = 3;
    for (GridworldSpec spec : GridworldSpec.all()) {
      GridworldVecEnv env = new GridworldVecEnv(spec, numEnvs, seed, scaling);
      ScalarGridworld[] ref = new ScalarGridworld[numEnvs];
      for (int i = 0; i < numEnvs; i++) {
        ref[i] = new ScalarGridworld(spec, Seeds.stream(seed, "env", i));
      }
      int size = env.observationSize();
      float[] obs = new float[numEnvs * size];
      SplittableRandom actionRng = new SplittableRandom(77);
      int[] actions = new int[numEnvs];
      float[] rewards = new float[numEnvs];
      boolean[] dones = new boolean[numEnvs];
      for (int t = 0; t < 2000; t++) {
        env.observe(obs, 0);
        for (int i = 0; i < numEnvs; i++) {
          float[] mine = Arrays.copyOfRange(obs, i * size, (i + 1) * size);
          assertArrayEquals(ref[i].observe(), mine, spec.name() + " t=" + t + " env " + i);
          assertEquals(ref[i].time, env.time(i));
          actions[i] = actionRng.nextInt(9);
        }
        env.step(actions, rewards, dones);
        for (int i = 0; i < numEnvs; i++) {
          double[] expected = ref[i].step(actions[i], scaling);
          assertEquals((float) expected[0], rewards[i], spec.name() + " reward t=" + t);
          assertEquals(expected[1] == 1, dones[i], spec.name() + " done t=" + t);
        }
      }
    }
  }
}
