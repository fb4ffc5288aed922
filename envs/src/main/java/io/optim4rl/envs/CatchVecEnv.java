package io.optim4rl.envs;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A batch of Catch instances (REFERENCE 1.2): a 10x5 board, a ball falling one row per step from a
 * random column of row 0, and a paddle on row 9 that moves left, stays or moves right.
 *
 * <p>Every episode lasts exactly 9 steps and returns +1 (caught) or -1 (missed) on its last step.
 * Reward scaling does not exist for Catch: the reference ignores {@code reward_scaling} for this task
 * (REFERENCE 1.2 and 10.16), so rewards are always exactly 0 or ±1. Instance {@code i} draws its ball
 * columns from {@code Seeds.stream(seed, "env", i)} (one {@code nextInt(5)} per reset).
 */
public final class CatchVecEnv implements VecEnv {

  /** Task name. */
  public static final String NAME = "catch";
  /** Board rows. */
  public static final int ROWS = 10;
  /** Board columns. */
  public static final int COLS = 5;
  /** Actions: 0 left, 1 stay, 2 right. */
  public static final int NUM_ACTIONS = 3;

  private static final int PADDLE_ROW = ROWS - 1;
  private static final int PADDLE_START_COL = 2;
  private static final int OBS_SIZE = ROWS * COLS;

  private final int numEnvs;
  private final int[] ballRow;
  private final int[] ballCol;
  private final int[] paddleCol;
  private final SplittableRandom[] rngs;

  /** Creates {@code numEnvs} instances and resets every one of them. */
  public CatchVecEnv(int numEnvs, long seed) {
    this(numEnvs, 0, seed);
  }

  /** Instances {@code firstIndex ..} of a larger set: local instance i uses stream {@code firstIndex + i}. */
  public CatchVecEnv(int numEnvs, int firstIndex, long seed) {
    this.rngs = Seeds.envStreams(seed, firstIndex, numEnvs); // validates the arguments first
    this.numEnvs = numEnvs;
    this.ballRow = new int[numEnvs];
    this.ballCol = new int[numEnvs];
    this.paddleCol = new int[numEnvs];
    resetAll();
  }

  /** Observation shape {10, 5, 1} (HWC with one channel, REFERENCE 1.2). */
  public static int[] shape() {
    return new int[] {ROWS, COLS, 1};
  }

  @Override
  public String taskName() {
    return NAME;
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
    return shape();
  }

  @Override
  public int observationSize() {
    return OBS_SIZE;
  }

  /** Writes 1.0 at the ball and at the paddle, 0 elsewhere (index = row * 5 + col). */
  @Override
  public void observe(float[] out, int offset) {
    if (offset < 0 || out.length - offset < numEnvs * OBS_SIZE) {
      throw new IllegalArgumentException("observation buffer too small: need " + numEnvs * OBS_SIZE
          + " floats from offset " + offset + ", have " + (out.length - offset));
    }
    for (int i = 0; i < numEnvs; i++) {
      int base = offset + i * OBS_SIZE;
      Arrays.fill(out, base, base + OBS_SIZE, 0f);
      out[base + ballRow[i] * COLS + ballCol[i]] = 1f;
      out[base + PADDLE_ROW * COLS + paddleCol[i]] = 1f;
    }
  }

  /** Moves each paddle, drops each ball one row; on row 9 rewards ±1, reports done and resets. */
  @Override
  public void step(int[] actions, float[] rewards, boolean[] dones) {
    if (actions.length < numEnvs || rewards.length < numEnvs || dones.length < numEnvs) {
      throw new IllegalArgumentException("step arrays must hold numEnvs = " + numEnvs + " entries");
    }
    for (int i = 0; i < numEnvs; i++) {
      int a = actions[i];
      if (a < 0 || a >= NUM_ACTIONS) {
        throw new IllegalArgumentException(
            "catch env " + i + ": action " + a + " not in [0, " + NUM_ACTIONS + ")");
      }
      paddleCol[i] = Math.min(Math.max(paddleCol[i] + a - 1, 0), COLS - 1);
      ballRow[i]++;
      boolean done = ballRow[i] == PADDLE_ROW;
      float reward = 0f;
      if (done) {
        reward = ballCol[i] == paddleCol[i] ? 1f : -1f;
        reset(i);
      }
      rewards[i] = reward;
      dones[i] = done;
    }
  }

  /** Ball at row 0 of a uniform column, paddle at (9, 2). */
  @Override
  public void reset(int env) {
    ballRow[env] = 0;
    ballCol[env] = rngs[env].nextInt(COLS);
    paddleCol[env] = PADDLE_START_COL;
  }

  /** Ball row of instance {@code env}. */
  public int ballRow(int env) {
    return ballRow[env];
  }

  /** Ball column of instance {@code env}. */
  public int ballCol(int env) {
    return ballCol[env];
  }

  /** Paddle column of instance {@code env} (the paddle is always on row 9). */
  public int paddleCol(int env) {
    return paddleCol[env];
  }
}
