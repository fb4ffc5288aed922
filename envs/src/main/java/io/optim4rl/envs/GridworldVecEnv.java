package io.optim4rl.envs;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A batch of gridworld instances (REFERENCE 1.1), state held as flat primitive arrays.
 *
 * <p>State of instance {@code i}: agent {@code (agentRow[i], agentCol[i])}, object {@code k} at
 * {@code (objRow[i*N+k], objCol[i*N+k])} or {@code (-1,-1)} when absent, and {@code time[i]}.
 * Instance {@code i} draws every random number, for steps and for resets alike, from its own stream
 * {@code Seeds.stream(seed, "env", i)} (REFERENCE 1.4), so its trajectory does not depend on how many
 * instances share the batch. Stepping allocates nothing.
 *
 * <p>Random draws per step, in order, for each object {@code k = 0..N-1}: {@code u_term =
 * nextDouble()}, {@code u_respawn = nextDouble()}, {@code cell = nextInt(numEmptyCells)}; all three are
 * drawn whether or not they are used. A reset draws N+1 cells with {@code nextInt(numEmptyCells)},
 * redrawing any cell already taken (uniform sampling without replacement), agent first.
 */
public final class GridworldVecEnv implements VecEnv {

  /** Number of actions (REFERENCE 1.1). */
  public static final int NUM_ACTIONS = 9;

  /** Row delta per action: stay, up, right, down, left, down-left, down-right, up-right, up-left. */
  private static final int[] DROW = {0, -1, 0, 1, 0, 1, 1, -1, -1};
  /** Column delta per action, same order as {@link #DROW}. */
  private static final int[] DCOL = {0, 0, 1, 0, -1, -1, 1, 1, -1};

  private final GridworldSpec spec;
  private final int numEnvs;
  private final double rewardScaling;
  private final int height;
  private final int width;
  private final int numObjects;
  private final int numEmpty;
  private final int planeSize;
  private final int obsSize;
  private final int maxSteps;
  private final boolean[] wall;
  private final int[] emptyRows;
  private final int[] emptyCols;
  private final double[] objReward;
  private final double[] objTermProb;
  private final double[] objRespawnProb;

  private final int[] agentRow;
  private final int[] agentCol;
  private final int[] objRow;
  private final int[] objCol;
  private final int[] time;
  private final SplittableRandom[] rngs;
  /** Scratch for reset sampling; fully rewritten by each reset, so it carries nothing between them. */
  private final int[] chosen;

  /**
   * Creates {@code numEnvs} instances and resets every one of them.
   *
   * @param seed run seed; instance {@code i} uses {@code Seeds.stream(seed, "env", i)}
   * @param rewardScaling multiplies every returned reward (REFERENCE 1.1, "Reward scaling")
   */
  public GridworldVecEnv(GridworldSpec spec, int numEnvs, long seed, double rewardScaling) {
    this(spec, numEnvs, 0, seed, rewardScaling);
  }

  /**
   * Instances {@code firstIndex ..} of a larger set (a shard of it): local instance i uses
   * {@code Seeds.stream(seed, "env", firstIndex + i)}.
   */
  public GridworldVecEnv(GridworldSpec spec, int numEnvs, int firstIndex, long seed, double rewardScaling) {
    SplittableRandom[] streams = Seeds.envStreams(seed, firstIndex, numEnvs);
    if (!Double.isFinite(rewardScaling)) {
      throw new IllegalArgumentException("rewardScaling must be finite, got " + rewardScaling);
    }
    this.spec = spec;
    this.numEnvs = numEnvs;
    this.rewardScaling = rewardScaling;
    this.height = spec.height();
    this.width = spec.width();
    this.numObjects = spec.numObjects();
    this.numEmpty = spec.numEmptyCells();
    this.planeSize = height * width;
    this.obsSize = (numObjects + 1) * planeSize;
    this.maxSteps = spec.maxSteps();
    this.wall = new boolean[planeSize];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        wall[r * width + c] = spec.isWall(r, c);
      }
    }
    this.emptyRows = new int[numEmpty];
    this.emptyCols = new int[numEmpty];
    for (int e = 0; e < numEmpty; e++) {
      emptyRows[e] = spec.emptyRow(e);
      emptyCols[e] = spec.emptyCol(e);
    }
    this.objReward = new double[numObjects];
    this.objTermProb = new double[numObjects];
    this.objRespawnProb = new double[numObjects];
    for (int k = 0; k < numObjects; k++) {
      objReward[k] = spec.object(k).reward();
      objTermProb[k] = spec.object(k).termProb();
      objRespawnProb[k] = spec.object(k).respawnProb();
    }
    this.agentRow = new int[numEnvs];
    this.agentCol = new int[numEnvs];
    this.objRow = new int[numEnvs * numObjects];
    this.objCol = new int[numEnvs * numObjects];
    this.time = new int[numEnvs];
    this.chosen = new int[numObjects + 1];
    this.rngs = streams;
    resetAll();
  }

  public GridworldSpec spec() {
    return spec;
  }

  public double rewardScaling() {
    return rewardScaling;
  }

  @Override
  public String taskName() {
    return spec.name();
  }

  @Override
  public int numEnvs() {
    return numEnvs;
  }

  @Override
  public int numActions() {
    return NUM_ACTIONS;
  }

  @Override
  public int[] observationShape() {
    return spec.observationShape();
  }

  @Override
  public int observationSize() {
    return obsSize;
  }

  /**
   * Writes (N+1, H, W) channel-first observations (REFERENCE 1.1 "Observation"): plane k is the
   * one-hot of object k if present, all zeros if absent; plane N is the agent's one-hot.
   */
  @Override
  public void observe(float[] out, int offset) {
    if (offset < 0 || out.length - offset < numEnvs * obsSize) {
      throw new IllegalArgumentException("observation buffer too small: need " + numEnvs * obsSize
          + " floats from offset " + offset + ", have " + (out.length - offset));
    }
    for (int i = 0; i < numEnvs; i++) {
      int base = offset + i * obsSize;
      Arrays.fill(out, base, base + obsSize, 0f);
      for (int k = 0; k < numObjects; k++) {
        int j = i * numObjects + k;
        if (objRow[j] >= 0) {
          out[base + k * planeSize + objRow[j] * width + objCol[j]] = 1f;
        }
      }
      out[base + numObjects * planeSize + agentRow[i] * width + agentCol[i]] = 1f;
    }
  }

  /** One step of every instance, steps 1-6 of REFERENCE 1.1, with auto-reset on done. */
  @Override
  public void step(int[] actions, float[] rewards, boolean[] dones) {
    if (actions.length < numEnvs || rewards.length < numEnvs || dones.length < numEnvs) {
      throw new IllegalArgumentException("step arrays must hold numEnvs = " + numEnvs + " entries");
    }
    for (int i = 0; i < numEnvs; i++) {
      int a = actions[i];
      if (a < 0 || a >= NUM_ACTIONS) {
        throw new IllegalArgumentException(
            spec.name() + " env " + i + ": action " + a + " not in [0, " + NUM_ACTIONS + ")");
      }
      moveAgent(i, a);
      double rStep = 0.0;
      boolean terminate = false;
      SplittableRandom rng = rngs[i];
      for (int k = 0; k < numObjects; k++) {
        double uTerm = rng.nextDouble();
        double uRespawn = rng.nextDouble();
        int cell = rng.nextInt(numEmpty);
        int j = i * numObjects + k;
        if (objRow[j] == agentRow[i] && objCol[j] == agentCol[i]) {
          rStep += objReward[k];
          objRow[j] = -1;
          objCol[j] = -1;
          terminate |= uTerm <= objTermProb[k];
        }
        if (objRow[j] < 0 && uRespawn <= objRespawnProb[k]) {
          objRow[j] = emptyRows[cell];
          objCol[j] = emptyCols[cell];
        }
      }
      time[i]++;
      boolean done = terminate || time[i] >= maxSteps;
      if (done) {
        reset(i);
      }
      rewards[i] = (float) (rewardScaling * rStep);
      dones[i] = done;
    }
  }

  /** Step 1 of REFERENCE 1.1: clamp the candidate into the map; a wall target cancels the move. */
  private void moveAgent(int i, int action) {
    int r = Math.min(Math.max(agentRow[i] + DROW[action], 0), height - 1);
    int c = Math.min(Math.max(agentCol[i] + DCOL[action], 0), width - 1);
    if (!wall[r * width + c]) {
      agentRow[i] = r;
      agentCol[i] = c;
    }
  }

  /** REFERENCE 1.1 "Reset": N+1 distinct uniform empty cells, agent first, then objects; time 0. */
  @Override
  public void reset(int env) {
    SplittableRandom rng = rngs[env];
    for (int k = 0; k <= numObjects; k++) {
      chosen[k] = drawUnused(rng, k);
    }
    agentRow[env] = emptyRows[chosen[0]];
    agentCol[env] = emptyCols[chosen[0]];
    for (int k = 0; k < numObjects; k++) {
      objRow[env * numObjects + k] = emptyRows[chosen[k + 1]];
      objCol[env * numObjects + k] = emptyCols[chosen[k + 1]];
    }
    time[env] = 0;
  }

  /** A uniform empty-cell index not among {@code chosen[0..taken)} (rejection sampling). */
  private int drawUnused(SplittableRandom rng, int taken) {
    while (true) {
      int cell = rng.nextInt(numEmpty);
      boolean used = false;
      for (int t = 0; t < taken; t++) {
        used |= chosen[t] == cell;
      }
      if (!used) {
        return cell;
      }
    }
  }

  /** Agent row of instance {@code env}. */
  public int agentRow(int env) {
    return agentRow[env];
  }

  /** Agent column of instance {@code env}. */
  public int agentCol(int env) {
    return agentCol[env];
  }

  /** Row of object {@code k} of instance {@code env}, or -1 when absent. */
  public int objectRow(int env, int k) {
    return objRow[env * numObjects + checkObject(k)];
  }

  /** Column of object {@code k} of instance {@code env}, or -1 when absent. */
  public int objectCol(int env, int k) {
    return objCol[env * numObjects + checkObject(k)];
  }

  /** Whether object {@code k} of instance {@code env} is on the map. */
  public boolean isPresent(int env, int k) {
    return objectRow(env, k) >= 0;
  }

  /** Steps taken in the current episode of instance {@code env}. */
  public int time(int env) {
    return time[env];
  }

  /**
   * Overwrites the state of instance {@code env}, for tests and diagnostics; the random stream is
   * untouched. Objects may be absent ({@code -1,-1}) or on any empty cell, overlapping allowed.
   *
   * @param objectRows one row per object, -1 for absent
   * @param objectCols one column per object, -1 for absent
   * @param t episode time, in {@code [0, maxSteps)}
   */
  public void setState(int env, int row, int col, int[] objectRows, int[] objectCols, int t) {
    checkCell("agent", row, col);
    if (objectRows.length != numObjects || objectCols.length != numObjects) {
      throw new IllegalArgumentException("expected " + numObjects + " object rows and columns");
    }
    for (int k = 0; k < numObjects; k++) {
      boolean absent = objectRows[k] == -1 && objectCols[k] == -1;
      if (!absent) {
        checkCell("object " + k, objectRows[k], objectCols[k]);
      }
    }
    if (t < 0 || t >= maxSteps) {
      throw new IllegalArgumentException("time " + t + " not in [0, " + maxSteps + ")");
    }
    agentRow[env] = row;
    agentCol[env] = col;
    System.arraycopy(objectRows, 0, objRow, env * numObjects, numObjects);
    System.arraycopy(objectCols, 0, objCol, env * numObjects, numObjects);
    time[env] = t;
  }

  private void checkCell(String what, int row, int col) {
    if (row < 0 || col < 0 || row >= height || col >= width || wall[row * width + col]) {
      throw new IllegalArgumentException(
          spec.name() + ": " + what + " at (" + row + "," + col + ") is not an empty cell");
    }
  }

  private int checkObject(int k) {
    if (k < 0 || k >= numObjects) {
      throw new IndexOutOfBoundsException("object " + k + " of " + numObjects);
    }
    return k;
  }
}
