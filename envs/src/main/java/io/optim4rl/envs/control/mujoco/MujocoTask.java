package io.optim4rl.envs.control.mujoco;

import java.util.SplittableRandom;

/**
 * One locomotion task's definition on top of a MuJoCo model: frame skip, initial-state noise, reward,
 * termination and observation layout. Stateless apart from ids resolved in {@link #bind}; everything about
 * an instance lives in its {@link Instance}.
 */
abstract class MujocoTask {

  /** The task name used by {@link MujocoTasks}. */
  abstract String name();

  /** Physics steps ({@code mj_step}) per control step. */
  abstract int frameSkip();

  /** Compiles this task's model. */
  abstract MjModel loadModel();

  /** Checks the model's sizes and resolves body and site ids; called once per batch. */
  abstract void bind(MjModel model);

  /** Floats in one observation. */
  abstract int observationSize();

  /** Whether observations need {@code cfrc_ext}, so {@code mj_rnePostConstraint} must run after stepping. */
  boolean needsContactForces() {
    return false;
  }

  /**
   * Writes an initial state: {@code qpos} holds {@code qpos0} and {@code qvel} zeros on entry; noise is
   * drawn from {@code rng}, qpos components first, in index order.
   */
  abstract void initialState(SplittableRandom rng, double[] qpos, double[] qvel);

  /** The scalar whose change over a step, divided by dt, is the forward velocity (0 if unused). */
  abstract double forwardPosition(Instance s);

  /**
   * The reward of a step that started at forward position {@code before}, given the controls applied;
   * {@code s} holds the state after the step.
   */
  abstract double reward(Instance s, double before, double dt, double[] ctrl);

  /** Whether the state after a step ends the episode by the task's own criterion. */
  abstract boolean terminated(Instance s);

  /** Writes the observation of the current state of {@code s} into {@code out} from {@code offset}. */
  abstract void observe(Instance s, float[] out, int offset);

  /** Sum of squares of {@code ctrl}. */
  static double sumOfSquares(double[] ctrl) {
    double sum = 0;
    for (double c : ctrl) {
      sum += c * c;
    }
    return sum;
  }

  /** Adds independent uniform noise on [-scale, scale] to every entry. */
  static void addUniform(SplittableRandom rng, double[] x, double scale) {
    for (int k = 0; k < x.length; k++) {
      x[k] += scale * (2 * rng.nextDouble() - 1);
    }
  }

  /** Adds independent normal noise with standard deviation {@code scale} to every entry. */
  static void addNormal(SplittableRandom rng, double[] x, double scale) {
    for (int k = 0; k < x.length; k++) {
      x[k] += scale * rng.nextGaussian();
    }
  }

  /** Writes {@code count} values of {@code src} from {@code from} as floats. */
  static int put(double[] src, int from, int count, float[] out, int offset) {
    for (int k = 0; k < count; k++) {
      out[offset + k] = (float) src[from + k];
    }
    return offset + count;
  }

  /** Like {@link #put}, each value clipped to [-bound, bound]. */
  static int putClipped(double[] src, int from, int count, double bound, float[] out, int offset) {
    for (int k = 0; k < count; k++) {
      out[offset + k] = (float) Math.max(-bound, Math.min(bound, src[from + k]));
    }
    return offset + count;
  }

  /** Fails naming the task if the model's sizes are not the expected ones. */
  final void requireSizes(MjModel m, int nq, int nv, int nu) {
    if (m.nq() != nq || m.nv() != nv || m.nu() != nu) {
      throw new IllegalArgumentException("model " + m.source() + " for task " + name() + " has nq=" + m.nq()
          + " nv=" + m.nv() + " nu=" + m.nu() + ", expected nq=" + nq + " nv=" + nv + " nu=" + nu);
    }
  }

  /**
   * One instance: its native data, its random stream, its step count within the episode, and host copies of
   * {@code qpos}/{@code qvel} refreshed after every step and reset. {@code scratch} is large enough for any
   * one body-indexed array ({@code 10 * nbody}) and belongs to this instance, so instances may step in
   * parallel.
   */
  static final class Instance {
    final MjData data;
    final SplittableRandom rng;
    final double[] qpos;
    final double[] qvel;
    final double[] ctrl;
    final double[] scratch;
    int elapsed;

    Instance(MjModel model, SplittableRandom rng) {
      this.data = new MjData(model);
      this.rng = rng;
      this.qpos = new double[model.nq()];
      this.qvel = new double[model.nv()];
      this.ctrl = new double[model.nu()];
      this.scratch = new double[Math.max(10 * model.nbody(), Math.max(3 * model.nsite(), model.nv()))];
    }

    /** Refreshes the host copies of qpos and qvel from the native data. */
    void pull() {
      data.readQpos(qpos);
      data.readQvel(qvel);
    }
  }
}
