package io.optim4rl.agents.a2c;

import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.VecEnv;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Collects the T-step rollouts of plain A2C (REFERENCE 3.2 steps 1 and 2) from a {@link VecEnv} of B
 * envs, carrying env states and per-env action streams from one rollout to the next.
 *
 * <p>Per step t: the observations of all envs go into a time-major buffer (row {@code t * B + b}), one
 * batched forward gives the logits, env b draws {@code a_t ~ Categorical(softmax(logits))} from its own
 * stream {@code Seeds.stream(seed, "action", b)} ({@link CategoricalSampler}), and every env steps.
 * After the T steps the observation o_T (already a reset state after a done) is stored as the last B rows.
 *
 * <p>Mutable and single-threaded: it owns its buffers and overwrites them on every {@link #collect}; the
 * arrays returned by the accessors are those buffers (read them, do not keep or modify them). Nothing
 * large is allocated per step.
 */
public final class A2cRollout {

  private final VecEnv env;
  private final int rolloutSteps;
  private final int numEnvs;
  private final int numActions;
  private final int obsSize;
  private final SplittableRandom[] actionStreams;
  private final float[] observations;
  private final float[] stepObservations;
  private final int[] actions;
  private final float[] rewards;
  private final boolean[] dones;
  private final int[] stepActions;
  private final float[] stepRewards;
  private final boolean[] stepDones;
  private final INDArray stepObservationRows;
  private final INDArray observationRows;

  /**
   * A collector over {@code env} (used as is: its current states are the first rollout's s_0).
   *
   * @param seed run seed of the action streams
   * @param dataType data type of the observation arrays handed to the network (that of the parameters)
   */
  public A2cRollout(VecEnv env, int rolloutSteps, long seed, DataType dataType) {
    this.env = Objects.requireNonNull(env, "env");
    if (rolloutSteps < 1) {
      throw new IllegalArgumentException("rolloutSteps must be >= 1, got " + rolloutSteps);
    }
    this.rolloutSteps = rolloutSteps;
    this.numEnvs = env.numEnvs();
    this.numActions = env.numActions();
    this.obsSize = env.observationSize();
    this.actionStreams = new SplittableRandom[numEnvs];
    for (int b = 0; b < numEnvs; b++) {
      actionStreams[b] = Seeds.stream(seed, "action", b);
    }
    this.observations = new float[(rolloutSteps + 1) * numEnvs * obsSize];
    this.stepObservations = new float[numEnvs * obsSize];
    this.actions = new int[rolloutSteps * numEnvs];
    this.rewards = new float[rolloutSteps * numEnvs];
    this.dones = new boolean[rolloutSteps * numEnvs];
    this.stepActions = new int[numEnvs];
    this.stepRewards = new float[numEnvs];
    this.stepDones = new boolean[numEnvs];
    this.stepObservationRows = Nd4j.zeros(dataType, numEnvs, obsSize);
    this.observationRows = Nd4j.zeros(dataType, (long) (rolloutSteps + 1) * numEnvs, obsSize);
  }

  /** Runs T steps of every env with the policy of {@code net} at {@code agentParams} (not modified). */
  public void collect(ActorCriticNet net, INDArray agentParams) {
    int rowBlock = numEnvs * obsSize;
    for (int t = 0; t < rolloutSteps; t++) {
      env.observe(observations, t * rowBlock);
      System.arraycopy(observations, t * rowBlock, stepObservations, 0, rowBlock);
      stepObservationRows.data().setData(stepObservations);
      double[] logits = toDoubles(net.forward(agentParams, stepObservationRows).logits());
      for (int b = 0; b < numEnvs; b++) {
        stepActions[b] = CategoricalSampler.sample(logits, b * numActions, numActions, actionStreams[b].nextDouble());
      }
      env.step(stepActions, stepRewards, stepDones);
      System.arraycopy(stepActions, 0, actions, t * numEnvs, numEnvs);
      System.arraycopy(stepRewards, 0, rewards, t * numEnvs, numEnvs);
      System.arraycopy(stepDones, 0, dones, t * numEnvs, numEnvs);
    }
    env.observe(observations, rolloutSteps * rowBlock);
    observationRows.data().setData(observations);
  }

  /** All T+1 observations as rows {@code [(T+1) * B, obsSize]}, row {@code t * B + b}; overwritten by collect. */
  public INDArray observationRows() {
    return observationRows;
  }

  /** Flat time-major observations {@code [(T+1) * B * obsSize]} (the buffer behind {@link #observationRows}). */
  public float[] observations() {
    return observations;
  }

  /** Actions {@code [T * B]}, index {@code t * B + b}. */
  public int[] actions() {
    return actions;
  }

  /** Rewards {@code [T * B]} as the env gave them (reward scaling included). */
  public float[] rewards() {
    return rewards;
  }

  /** Dones {@code [T * B]}. */
  public boolean[] dones() {
    return dones;
  }

  public int rolloutSteps() {
    return rolloutSteps;
  }

  public int numEnvs() {
    return numEnvs;
  }

  public int numActions() {
    return numActions;
  }

  /** The env stepped by this collector. */
  public VecEnv env() {
    return env;
  }

  /** The entries of {@code a} in row-major order, as doubles. */
  static double[] toDoubles(INDArray a) {
    // reshape(long[]) with an explicit array: ND4J's ravel(char) and reshape(char, long) confuse the order
    // char with a dimension in 1.0.0-M2.1
    return a.reshape('c', new long[] {a.length()}).toDoubleVector();
  }

  @Override
  public String toString() {
    return "A2cRollout[" + env.taskName() + ", B=" + numEnvs + ", T=" + rolloutSteps + ", obs="
        + Arrays.toString(env.observationShape()) + "]";
  }
}
