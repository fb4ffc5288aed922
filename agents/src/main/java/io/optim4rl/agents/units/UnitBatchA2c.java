package io.optim4rl.agents.units;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.agents.a2c.CategoricalSampler;
import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * U independent A2C agents with one environment instance each: the agent side of a meta-training task
 * (REFERENCE 5.1, "units"). Unit u has its own parameters {@code theta_u = params[u P .. u P + P)} in the
 * canonical layout of the ND4J net of {@link io.optim4rl.agents.nets.Nets#forTask} (D32, C16_D32 or D256),
 * drives instance u of a {@link VecEnv} with U instances, and gets the gradient of its own single-env
 * A2C loss: {@link #rolloutAndGradient} is REFERENCE 3.2 with B = 1, once per unit.
 *
 * <p>Plain-Java float32 with fused loops and no ND4J: per step every unit runs one forward pass on its
 * observation (only the kernel rows of non-zero inputs are read, see {@link UnitNet}), samples
 * {@code a ~ softmax(logits)} from its own stream {@code Seeds.stream(seed, "unit-action", u)}, then the
 * env steps all instances at once on the calling thread. Forward values are kept, so the gradient needs
 * no second forward. Units are split into chunks that run on a {@link ForkJoinPool}; a unit's numbers
 * never depend on the chunking or the thread count.
 *
 * <p>Mutable and not thread-safe (one caller at a time): it owns the per-unit action streams, the
 * running episode returns (REFERENCE 3.4, carried across calls) and all working buffers, which are
 * allocated once. The pool is borrowed and never shut down.
 */
public final class UnitBatchA2c {

  /**
   * What one {@link #rolloutAndGradient} call saw (fresh arrays, owned by the caller).
   *
   * @param lossPerUnit each unit's total A2C loss L_u (NaN or infinite if the unit diverged)
   * @param episodesFinished episodes that ended during the rollout, over all units
   * @param returnSum sum of the returns of those episodes (running sums per unit carried across calls)
   * @param episodesPerUnit episodes that ended, per unit
   * @param returnSumPerUnit sum of their returns, per unit
   * @param envSteps env steps taken, {@code U T}
   */
  public record Stats(double[] lossPerUnit, int episodesFinished, double returnSum, int[] episodesPerUnit,
      double[] returnSumPerUnit, long envSteps) {

    /** Mean return of the episodes that ended, NaN if none did. */
    public double meanReturn() {
      return episodesFinished == 0 ? Double.NaN : returnSum / episodesFinished;
    }

    /** Whether every unit's loss is finite. */
    public boolean lossesFinite() {
      for (double l : lossPerUnit) {
        if (!Double.isFinite(l)) {
          return false;
        }
      }
      return true;
    }
  }

  private final String task;
  private final UnitNet net;
  private final int numUnits;
  private final int numParams;
  private final int steps;
  private final int obsSize;
  private final int[] observationShape;
  private final int numActions;
  private final A2cLoss.Hyper hyper;
  private final ChunkRunner runner;
  private final SplittableRandom[] actionStreams;
  private final double[] runningReturn;
  private final UnitTape[] tapes;
  private final UnitScratch[] scratch;
  private final float[] stepObservations;
  private final int[] stepActions;
  private final float[] stepRewards;
  private final boolean[] stepDones;
  private final int[] actions;
  private final float[] rewards;
  private final boolean[] dones;

  /** As {@link #UnitBatchA2c(String, int, A2cLoss.Hyper, int, long, ForkJoinPool)} on the common pool. */
  public UnitBatchA2c(String task, int numUnits, A2cLoss.Hyper hyper, int rolloutSteps, long seed) {
    this(task, numUnits, hyper, rolloutSteps, seed, ForkJoinPool.commonPool());
  }

  /**
   * @param task task name or alias ({@code small_dense_short}, {@code bdl}, {@code catch}, ...)
   * @param numUnits U >= 1, the number of env instances the VecEnv must have
   * @param hyper A2C loss settings (REFERENCE 3.1)
   * @param rolloutSteps T >= 1 (20 in the reference)
   * @param seed run seed of the per-unit action streams
   * @param pool pool the unit chunks run on (borrowed); null runs everything on the calling thread
   */
  public UnitBatchA2c(String task, int numUnits, A2cLoss.Hyper hyper, int rolloutSteps, long seed,
      ForkJoinPool pool) {
    this(task, numUnits, 0, hyper, rolloutSteps, seed, pool);
  }

  /**
   * Units {@code firstUnit .. firstUnit + numUnits - 1} of a larger set (a shard of it): local unit u draws
   * its actions from {@code Seeds.stream(seed, "unit-action", firstUnit + u)}, so a shard's units behave
   * exactly as the same units of the whole set.
   */
  public UnitBatchA2c(String task, int numUnits, int firstUnit, A2cLoss.Hyper hyper, int rolloutSteps, long seed,
      ForkJoinPool pool) {
    if (numUnits < 1 || rolloutSteps < 1 || firstUnit < 0) {
      throw new IllegalArgumentException("numUnits and rolloutSteps must be >= 1, got " + numUnits + ", "
          + rolloutSteps);
    }
    this.task = Tasks.canonicalName(task);
    this.net = UnitNet.forTask(this.task);
    this.numUnits = numUnits;
    this.numParams = net.numParams;
    if ((long) numUnits * numParams > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(numUnits + " units of " + numParams + " parameters do not fit "
          + "one float array");
    }
    this.steps = rolloutSteps;
    this.obsSize = net.observationSize;
    this.observationShape = Tasks.observationShape(this.task);
    this.numActions = net.numActions;
    this.hyper = Objects.requireNonNull(hyper, "hyper");
    this.runner = new ChunkRunner(pool, numUnits);
    this.actionStreams = new SplittableRandom[numUnits];
    this.runningReturn = new double[numUnits];
    this.tapes = new UnitTape[numUnits];
    for (int u = 0; u < numUnits; u++) {
      actionStreams[u] = Seeds.stream(seed, "unit-action", firstUnit + (long) u);
      tapes[u] = net.newTape(rolloutSteps + 1);
    }
    this.scratch = new UnitScratch[runner.chunks()];
    for (int c = 0; c < scratch.length; c++) {
      scratch[c] = net.newScratch(rolloutSteps);
    }
    this.stepObservations = new float[numUnits * obsSize];
    this.stepActions = new int[numUnits];
    this.stepRewards = new float[numUnits];
    this.stepDones = new boolean[numUnits];
    this.actions = new int[rolloutSteps * numUnits];
    this.rewards = new float[rolloutSteps * numUnits];
    this.dones = new boolean[rolloutSteps * numUnits];
  }

  /** The full task name. */
  public String task() {
    return task;
  }

  /** {@code D32}, {@code C16_D32} or {@code D256}. */
  public String netName() {
    return net.name();
  }

  public int numUnits() {
    return numUnits;
  }

  /** P, the parameters of one unit. */
  public int numParams() {
    return numParams;
  }

  /** The layout of one unit's parameters: that of the task's ND4J net. */
  public ParamLayout layout() {
    return net.layout;
  }

  public int rolloutSteps() {
    return steps;
  }

  public int numActions() {
    return numActions;
  }

  public int observationSize() {
    return obsSize;
  }

  /**
   * Fresh parameters of unit u into {@code params[u P .. u P + P)}: LeCun-normal (truncated) kernels, zero
   * biases, drawn from {@code rng} exactly as the ND4J net's {@code init(rng, FLOAT)} would.
   */
  public void initUnitParams(float[] params, int unit, SplittableRandom rng) {
    checkUnit(unit);
    checkLength("params", params);
    net.init(params, unit * numParams, Objects.requireNonNull(rng, "rng"));
  }

  /** Forgets unit u's running episode return; call when its env instance is reset. */
  public void resetUnitEpisode(int unit) {
    checkUnit(unit);
    runningReturn[unit] = 0;
  }

  /**
   * A whole unit reset (REFERENCE 5.3, agent and env part): fresh parameters from {@code rng},
   * {@code env.reset(unit)} and {@link #resetUnitEpisode}. The unit's optimizer state is the caller's.
   */
  public void resetUnit(VecEnv env, float[] params, int unit, SplittableRandom rng) {
    initUnitParams(params, unit, rng);
    env.reset(unit);
    resetUnitEpisode(unit);
  }

  /**
   * For every unit u: T steps of env instance u with {@code theta_u} (observe, forward, sample from the
   * unit's stream, then all instances step together), the bootstrap observation after the last step,
   * the A2C loss of that single-env rollout ({@link UnitA2cLoss}) and its gradient into
   * {@code grads[u P .. u P + P)} (every entry written).
   *
   * @param env U instances of this task, stepped in place from their current states
   * @param params {@code [U * P]} unit parameters, row-major; not modified
   * @param grads output {@code [U * P]}: receives the gradients; must not be {@code params}
   * @return losses and the episodes that ended; a unit with non-finite parameters gets a non-finite
   *     loss (check {@link Stats#lossesFinite}), nothing is thrown
   */
  public Stats rolloutAndGradient(VecEnv env, float[] params, float[] grads) {
    checkCall(env, params, grads);
    for (int t = 0; t <= steps; t++) {
      env.observe(stepObservations, 0);
      int row = t;
      runner.run(c -> forwardChunk(c, row, params));
      if (t < steps) {
        env.step(stepActions, stepRewards, stepDones);
        System.arraycopy(stepActions, 0, actions, t * numUnits, numUnits);
        System.arraycopy(stepRewards, 0, rewards, t * numUnits, numUnits);
        System.arraycopy(stepDones, 0, dones, t * numUnits, numUnits);
      }
    }
    double[] loss = new double[numUnits];
    runner.run(c -> backwardChunk(c, params, grads, loss));
    return episodeStats(loss);
  }

  /** Forward of row t for the units of chunk c; samples their actions for t < T. */
  private void forwardChunk(int c, int t, float[] params) {
    UnitScratch s = scratch[c];
    int end = ChunkRunner.chunkStart(c + 1, runner.chunks(), numUnits);
    for (int u = ChunkRunner.chunkStart(c, runner.chunks(), numUnits); u < end; u++) {
      UnitTape tape = tapes[u];
      int base = u * numParams;
      if (t == 0) {
        net.prepare(params, base, tape);
      }
      net.forwardRow(params, base, stepObservations, u * obsSize, tape, t, s);
      if (t < steps) {
        stepActions[u] = CategoricalSampler.sample(
            tape.logits, t * numActions, numActions, actionStreams[u].nextDouble());
      }
    }
  }

  private void backwardChunk(int c, float[] params, float[] grads, double[] loss) {
    UnitScratch s = scratch[c];
    int end = ChunkRunner.chunkStart(c + 1, runner.chunks(), numUnits);
    for (int u = ChunkRunner.chunkStart(c, runner.chunks(), numUnits); u < end; u++) {
      loss[u] = UnitA2cLoss.evaluate(tapes[u], actions, rewards, dones, u, numUnits, steps, hyper, s);
      net.backward(params, u * numParams, tapes[u], steps, s, grads, u * numParams);
    }
  }

  /** Episode returns of REFERENCE 3.4 per unit, running sums carried across calls. */
  private Stats episodeStats(double[] loss) {
    int[] episodes = new int[numUnits];
    double[] returns = new double[numUnits];
    int total = 0;
    double sum = 0;
    for (int u = 0; u < numUnits; u++) {
      for (int t = 0; t < steps; t++) {
        int i = t * numUnits + u;
        runningReturn[u] += rewards[i];
        if (dones[i]) {
          returns[u] += runningReturn[u];
          episodes[u]++;
          runningReturn[u] = 0;
        }
      }
      total += episodes[u];
      sum += returns[u];
    }
    return new Stats(loss, total, sum, episodes, returns, (long) numUnits * steps);
  }

  /**
   * Unit u's part of the last {@link #rolloutAndGradient} call, as a fresh copy (observations rebuilt
   * from their recorded non-zero entries).
   */
  public UnitTrajectory lastTrajectory(int unit) {
    checkUnit(unit);
    UnitTape tape = tapes[unit];
    float[] obs = new float[(steps + 1) * obsSize];
    for (int t = 0; t <= steps; t++) {
      for (int k = tape.hotStart[t]; k < tape.hotStart[t + 1]; k++) {
        obs[t * obsSize + tape.hotIndex[k]] = tape.hotValue[k];
      }
    }
    int[] a = new int[steps];
    float[] r = new float[steps];
    boolean[] d = new boolean[steps];
    for (int t = 0; t < steps; t++) {
      a[t] = actions[t * numUnits + unit];
      r[t] = rewards[t * numUnits + unit];
      d[t] = dones[t * numUnits + unit];
    }
    return new UnitTrajectory(obs, a, r, d);
  }

  private void checkCall(VecEnv env, float[] params, float[] grads) {
    Objects.requireNonNull(env, "env");
    checkLength("params", params);
    checkLength("grads", grads);
    if (params == grads) {
      throw new IllegalArgumentException("grads must be a different array from params");
    }
    if (env.numEnvs() != numUnits || !Arrays.equals(env.observationShape(), observationShape)
        || env.numActions() != numActions) {
      throw new IllegalArgumentException("env " + env.taskName() + " has " + env.numEnvs()
          + " instances, observations " + Arrays.toString(env.observationShape()) + " and "
          + env.numActions() + " actions; the units of " + task + " need " + numUnits + ", "
          + Arrays.toString(observationShape) + " and " + numActions);
    }
  }

  private void checkLength(String what, float[] a) {
    if (a == null || a.length != numUnits * numParams) {
      throw new IllegalArgumentException(what + " must have U * P = " + numUnits + " * " + numParams
          + " entries, got " + (a == null ? "null" : a.length));
    }
  }

  private void checkUnit(int unit) {
    if (unit < 0 || unit >= numUnits) {
      throw new IllegalArgumentException("unit " + unit + " not in [0, " + numUnits + ")");
    }
  }

  @Override
  public String toString() {
    return "UnitBatchA2c[" + task + ", " + net.name() + ", U=" + numUnits + ", T=" + steps + ", P="
        + numParams + ", chunks=" + runner.chunks() + "]";
  }
}
