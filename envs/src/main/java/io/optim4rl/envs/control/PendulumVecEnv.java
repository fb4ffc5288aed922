package io.optim4rl.envs.control;

import io.optim4rl.envs.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The classic pendulum swing-up (Gym {@code Pendulum-v1}), a batch of instances in plain Java.
 *
 * <p>State (θ, θ̇) with θ = 0 upright. One step with torque {@code u = 2 clip(a, -1, 1)}:
 * <pre>
 *   cost   = normalize(θ)² + 0.1 θ̇² + 0.001 u²,    reward = −cost (from the state BEFORE the step)
 *   θ̇'    = clip(θ̇ + (3g / (2l) sin θ + 3 / (m l²) u) dt, −8, 8)
 *   θ'     = θ + θ̇' dt
 * </pre>
 * with g = 10, m = 1, l = 1, dt = 0.05 and {@code normalize(x) = ((x + π) mod 2π) − π}. The observation
 * is {@code [cos θ, sin θ, θ̇]}. There is no termination; an episode is truncated after
 * {@link #EPISODE_LENGTH} steps. A reset draws θ ~ U(−π, π) and then θ̇ ~ U(−1, 1) from the instance's
 * stream {@code Seeds.stream(seed, "env", firstIndex + i)}. Dynamics are computed in double, the
 * observations and rewards handed out are floats.
 */
public final class PendulumVecEnv implements ContinuousVecEnv {

  /** Task name. */
  public static final String NAME = "pendulum";
  /** Steps per episode (time limit). */
  public static final int EPISODE_LENGTH = 200;
  /** Gravity g. */
  public static final double GRAVITY = 10.0;
  /** Mass m. */
  public static final double MASS = 1.0;
  /** Length l. */
  public static final double LENGTH = 1.0;
  /** Time step dt. */
  public static final double DT = 0.05;
  /** Torque for action 1. */
  public static final double MAX_TORQUE = 2.0;
  /** Angular speed limit. */
  public static final double MAX_SPEED = 8.0;

  private static final int OBS_SIZE = 3;

  private final int numEnvs;
  private final double[] theta;
  private final double[] thetaDot;
  private final int[] stepInEpisode;
  private final SplittableRandom[] rngs;

  /** Instances {@code firstIndex ..} of a larger set: local instance i uses stream {@code firstIndex + i}. */
  public PendulumVecEnv(int numEnvs, int firstIndex, long seed) {
    this.rngs = Seeds.envStreams(seed, firstIndex, numEnvs); // validates the arguments first
    this.numEnvs = numEnvs;
    this.theta = new double[numEnvs];
    this.thetaDot = new double[numEnvs];
    this.stepInEpisode = new int[numEnvs];
    resetAll();
  }

  /** {@code normalize(x) = ((x + π) mod 2π) − π}, in [−π, π) (Python's modulo: never negative). */
  public static double angleNormalize(double x) {
    double m = (x + Math.PI) % (2 * Math.PI);
    if (m < 0) {
      m += 2 * Math.PI;
    }
    return m - Math.PI;
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
  public int actionSize() {
    return 1;
  }

  @Override
  public int observationSize() {
    return OBS_SIZE;
  }

  @Override
  public int episodeLength() {
    return EPISODE_LENGTH;
  }

  /** The angle θ of instance {@code env} (for tests and diagnostics). */
  public double theta(int env) {
    return theta[env];
  }

  /** The angular speed θ̇ of instance {@code env}. */
  public double thetaDot(int env) {
    return thetaDot[env];
  }

  /** Sets the state of instance {@code env} (tests use it for hand-computed steps). */
  void setState(int env, double newTheta, double newThetaDot) {
    theta[env] = newTheta;
    thetaDot[env] = newThetaDot;
  }

  @Override
  public void observe(float[] out, int offset) {
    for (int i = 0; i < numEnvs; i++) {
      int o = offset + i * OBS_SIZE;
      out[o] = (float) Math.cos(theta[i]);
      out[o + 1] = (float) Math.sin(theta[i]);
      out[o + 2] = (float) thetaDot[i];
    }
  }

  @Override
  public void step(float[] actions, float[] rewards, boolean[] terminated, boolean[] truncated) {
    for (int i = 0; i < numEnvs; i++) {
      double u = MAX_TORQUE * Math.max(-1.0, Math.min(1.0, actions[i]));
      double th = theta[i];
      double thDot = thetaDot[i];
      double angle = angleNormalize(th);
      double cost = angle * angle + 0.1 * thDot * thDot + 0.001 * u * u;
      double newThDot = thDot + (3 * GRAVITY / (2 * LENGTH) * Math.sin(th) + 3.0 / (MASS * LENGTH * LENGTH) * u) * DT;
      newThDot = Math.max(-MAX_SPEED, Math.min(MAX_SPEED, newThDot));
      theta[i] = th + newThDot * DT;
      thetaDot[i] = newThDot;
      rewards[i] = (float) -cost;
      terminated[i] = false;
      stepInEpisode[i]++;
      truncated[i] = stepInEpisode[i] >= EPISODE_LENGTH;
      if (truncated[i]) {
        reset(i);
      }
    }
  }

  @Override
  public void reset(int env) {
    SplittableRandom rng = rngs[env];
    theta[env] = rng.nextDouble(-Math.PI, Math.PI);
    thetaDot[env] = rng.nextDouble(-1.0, 1.0);
    stepInEpisode[env] = 0;
  }

  @Override
  public String toString() {
    return "PendulumVecEnv[numEnvs=" + numEnvs + ", steps=" + Arrays.stream(stepInEpisode).max().orElse(0) + "]";
  }
}
