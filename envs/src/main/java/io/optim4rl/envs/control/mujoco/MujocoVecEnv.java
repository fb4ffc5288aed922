package io.optim4rl.envs.control.mujoco;

import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.control.ContinuousVecEnv;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A batch of MuJoCo locomotion instances: one {@link MjModel} per batch, one {@link MjData} per instance.
 *
 * <p>A control step of instance {@code i} clips its action to [-1, 1], maps component {@code j} linearly
 * onto actuator {@code j}'s ctrlrange ({@code -1 -> low}, {@code 1 -> high}), runs {@code mj_step}
 * {@link #frameSkip()} times (plus {@code mj_rnePostConstraint} when the observation has contact forces),
 * then scores the step. As in Gymnasium, derived quantities read after stepping ({@code xipos},
 * {@code site_xpos}, {@code cinert}, ...) are those MuJoCo computed at the start of the last physics step;
 * {@code qpos}/{@code qvel} are current. An episode is terminated by the task's criterion or truncated
 * after {@link #episodeLength()} control steps (never both); either way the instance is reset at once.
 *
 * <p>Instance {@code i} draws its reset noise only from {@code Seeds.stream(seed, "env", firstIndex + i)},
 * so an instance's trajectory under given actions does not depend on the batch it is in, nor on
 * {@code parallel} (instances are independent; parallel stepping uses the common fork-join pool).
 */
public final class MujocoVecEnv implements ContinuousVecEnv {

  private final MujocoTask task;
  private final MjModel model;
  private final MujocoTask.Instance[] instances;
  private final int episodeLength;
  private final boolean parallel;
  private final double dt;
  private boolean closed;

  MujocoVecEnv(MujocoTask task, int numEnvs, int firstIndex, long seed, int episodeLength, boolean parallel) {
    if (numEnvs < 1 || firstIndex < 0 || episodeLength < 1) {
      throw new IllegalArgumentException("need numEnvs >= 1, firstIndex >= 0, episodeLength >= 1; got "
          + numEnvs + ", " + firstIndex + ", " + episodeLength);
    }
    this.task = task;
    this.episodeLength = episodeLength;
    this.parallel = parallel;
    this.model = task.loadModel();
    this.instances = new MujocoTask.Instance[numEnvs];
    try {
      task.bind(model);
      for (int i = 0; i < numEnvs; i++) {
        instances[i] = new MujocoTask.Instance(model, Seeds.stream(seed, "env", (long) firstIndex + i));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.dt = model.timestep() * task.frameSkip();
    resetAll();
  }

  @Override
  public String taskName() {
    return task.name();
  }

  @Override
  public int numEnvs() {
    return instances.length;
  }

  @Override
  public int actionSize() {
    return model.nu();
  }

  @Override
  public int observationSize() {
    return task.observationSize();
  }

  @Override
  public int episodeLength() {
    return episodeLength;
  }

  /** Physics steps per control step. */
  public int frameSkip() {
    return task.frameSkip();
  }

  /** Seconds of simulated time per control step ({@code timestep * frameSkip}). */
  public double dt() {
    return dt;
  }

  /** The batch's model (sizes, timestep, masses); owned by this env. */
  public MjModel model() {
    return model;
  }

  /** Control steps taken in instance {@code env}'s current episode. */
  public int elapsedSteps(int env) {
    return instances[env].elapsed;
  }

  /** Copies instance {@code env}'s current {@code qpos} (nq values) into {@code out}. */
  public void readQpos(int env, double[] out) {
    System.arraycopy(live()[env].qpos, 0, out, 0, model.nq());
  }

  /** Copies instance {@code env}'s current {@code qvel} (nv values) into {@code out}. */
  public void readQvel(int env, double[] out) {
    System.arraycopy(live()[env].qvel, 0, out, 0, model.nv());
  }

  @Override
  public void observe(float[] out, int offset) {
    MujocoTask.Instance[] in = live();
    int size = task.observationSize();
    for (int i = 0; i < in.length; i++) {
      task.observe(in[i], out, offset + i * size);
    }
  }

  @Override
  public void step(float[] actions, float[] rewards, boolean[] terminated, boolean[] truncated) {
    MujocoTask.Instance[] in = live();
    int nu = model.nu();
    if (actions.length < in.length * nu || rewards.length < in.length || terminated.length < in.length
        || truncated.length < in.length) {
      throw new IllegalArgumentException("step needs actions of length >= " + in.length * nu
          + " and rewards/terminated/truncated of length >= " + in.length + "; got " + actions.length
          + ", " + rewards.length + ", " + terminated.length + ", " + truncated.length);
    }
    if (parallel && in.length > 1) {
      IntStream.range(0, in.length).parallel()
          .forEach(i -> stepInstance(i, actions, rewards, terminated, truncated));
    } else {
      for (int i = 0; i < in.length; i++) {
        stepInstance(i, actions, rewards, terminated, truncated);
      }
    }
  }

  private void stepInstance(int i, float[] actions, float[] rewards, boolean[] terminated,
      boolean[] truncated) {
    MujocoTask.Instance s = instances[i];
    int nu = model.nu();
    for (int j = 0; j < nu; j++) {
      double a = Math.max(-1.0, Math.min(1.0, actions[i * nu + j]));
      double lo = model.ctrlLow(j);
      s.ctrl[j] = lo + 0.5 * (a + 1.0) * (model.ctrlHigh(j) - lo);
    }
    double before = task.forwardPosition(s);
    s.data.writeCtrl(s.ctrl);
    for (int k = 0; k < task.frameSkip(); k++) {
      s.data.step();
    }
    if (task.needsContactForces()) {
      s.data.rnePostConstraint();
    }
    s.pull();
    s.elapsed++;
    rewards[i] = (float) task.reward(s, before, dt, s.ctrl);
    boolean term = task.terminated(s);
    terminated[i] = term;
    truncated[i] = !term && s.elapsed >= episodeLength;
    if (terminated[i] || truncated[i]) {
      resetInstance(s);
    }
  }

  @Override
  public void reset(int env) {
    resetInstance(live()[env]);
  }

  private void resetInstance(MujocoTask.Instance s) {
    s.data.reset();
    s.data.readQpos(s.qpos);
    Arrays.fill(s.qvel, 0.0);
    task.initialState(s.rng, s.qpos, s.qvel);
    s.data.writeQpos(s.qpos);
    s.data.writeQvel(s.qvel);
    s.data.forward();
    if (task.needsContactForces()) {
      s.data.rnePostConstraint();
    }
    s.elapsed = 0;
  }

  private MujocoTask.Instance[] live() {
    if (closed) {
      throw new IllegalStateException("MujocoVecEnv " + task.name() + " is closed");
    }
    return instances;
  }

  /** Frees every instance's data, then the model; later calls do nothing. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      for (MujocoTask.Instance s : instances) {
        if (s != null) {
          s.data.close();
        }
      }
      model.close();
    }
  }
}
