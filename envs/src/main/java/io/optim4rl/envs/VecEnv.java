package io.optim4rl.envs;

/**
 * A batch of {@code numEnvs()} independent instances of one task, stepped together.
 *
 * <p>Implementations keep their state in flat primitive arrays (structure of arrays), allocate nothing
 * per step, and give every instance its own random stream derived from the run seed and the instance
 * index ({@link Seeds#stream}), never from a thread or partition. Environments auto-reset: when a step
 * ends an episode, the instance is replaced by a fresh episode and the terminal state is never observed.
 */
public interface VecEnv {

  /** The task name, for example {@code catch} or {@code small_dense_long}. */
  String taskName();

  /** Number of environment instances in this batch. */
  int numEnvs();

  /** Number of discrete actions. */
  int numActions();

  /** Shape of one instance's observation, for example {3, 8, 6} (planes, rows, columns) or {10, 5, 1}. */
  int[] observationShape();

  /** Number of floats in one instance's observation (the product of {@link #observationShape()}). */
  default int observationSize() {
    int size = 1;
    for (int d : observationShape()) {
      size *= d;
    }
    return size;
  }

  /**
   * Writes the current observations of all instances, row-major {@code [numEnvs, observationSize]},
   * into {@code out} starting at {@code offset}. Every entry of that range is written (zeros included).
   */
  void observe(float[] out, int offset);

  /**
   * Advances every instance by one step.
   *
   * @param actions one action per instance, each in {@code [0, numActions())}
   * @param rewards receives the (already reward-scaled) reward of every instance
   * @param dones receives whether the step ended the instance's episode (it has then been reset)
   */
  void step(int[] actions, float[] rewards, boolean[] dones);

  /** Starts a fresh episode in instance {@code env}, drawing from that instance's own stream. */
  void reset(int env);

  /** Starts a fresh episode in every instance. */
  default void resetAll() {
    for (int i = 0; i < numEnvs(); i++) {
      reset(i);
    }
  }
}
