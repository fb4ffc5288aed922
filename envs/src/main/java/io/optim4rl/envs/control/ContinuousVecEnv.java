package io.optim4rl.envs.control;

/**
 * A batch of {@code numEnvs()} independent instances of one continuous-control task (pendulum swing-up,
 * the MuJoCo locomotion tasks), stepped together.
 *
 * <p>Actions are real vectors in {@code [-1, 1]^actionSize()} (the policy's tanh squashing); every task
 * maps them to its own actuator range. Like {@link io.optim4rl.envs.VecEnv} the state lives in flat arrays,
 * every instance has its own random stream ({@link io.optim4rl.envs.Seeds#stream}), and instances
 * auto-reset: when a step ends an episode, the instance starts a fresh one and {@link #observe} shows the
 * fresh episode's first observation.
 *
 * <p>An episode ends either by <em>termination</em> (the task's own end: the walker fell, the pendulum
 * dropped) or by <em>truncation</em> (the time limit {@link #episodeLength()} was reached without
 * termination). Learners must bootstrap after truncation and must not after termination (REFERENCE 3.6), so
 * the two are reported separately and never both true for one step.
 */
public interface ContinuousVecEnv extends AutoCloseable {

  /** The task name, for example {@code walker2d}. */
  String taskName();

  /** Number of environment instances in this batch. */
  int numEnvs();

  /** Dimension of one instance's action; each component is clipped to [-1, 1]. */
  int actionSize();

  /** Number of floats in one instance's observation. */
  int observationSize();

  /** Steps after which an episode is truncated (1000 for the locomotion tasks). */
  int episodeLength();

  /**
   * Writes the current observations of all instances, row-major {@code [numEnvs, observationSize]}, into
   * {@code out} starting at {@code offset}.
   */
  void observe(float[] out, int offset);

  /**
   * Advances every instance by one control step (the task's frame skip included).
   *
   * @param actions row-major {@code [numEnvs, actionSize]}, components outside [-1, 1] are clipped
   * @param rewards receives every instance's unscaled reward for this step
   * @param terminated receives whether the step ended the episode by the task's own termination
   * @param truncated receives whether the step ended the episode by the time limit (and not by termination)
   */
  void step(float[] actions, float[] rewards, boolean[] terminated, boolean[] truncated);

  /** Starts a fresh episode in instance {@code env}, drawing from that instance's own stream. */
  void reset(int env);

  /** Starts a fresh episode in every instance. */
  default void resetAll() {
    for (int i = 0; i < numEnvs(); i++) {
      reset(i);
    }
  }

  /** Releases native resources (MuJoCo models and data); the default has none. */
  @Override
  default void close() {}
}
