package io.optim4rl.agents.a2c;

import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.VecEnv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plain A2C (REFERENCE 3.2 to 3.5): one flat parameter vector shared by all B envs, updated once per
 * iteration from a fresh T-step rollout.
 *
 * <p>Per iteration i: collect T steps of every env with the current parameters ({@link A2cRollout}),
 * compute the loss and the gradient averaged over envs and time ({@link A2cGradient}), then
 * {@code (update, state) = optimizer.update(g, state)} and {@code theta <- theta + update} (3.5). The run
 * makes {@code floor(trainSteps / (B * T))} iterations (3.3). Episode returns are logged as in 3.4
 * ({@link ReturnTracker}). A NaN or infinite loss, gradient or update stops the run with a
 * {@link TrainingDivergedException}.
 *
 * <p>Immutable and reusable: {@link #train} takes the (freshly built, mutable) env and initialises the
 * agent with {@code net.init(Seeds.stream(seed, "agent-init", 0), dataType)} and the optimizer state with
 * {@code optimizer.init}. The same seed, env and settings give bit-identical results.
 */
public final class A2cTrainer {

  /** Observes a run; called on the training thread after every iteration. */
  @FunctionalInterface
  public interface Listener {

    /** A listener that ignores everything. */
    Listener NONE = stats -> { };

    /** Called once per iteration, whether or not an episode ended in it ({@link IterationStats#hasReturn}). */
    void onIteration(IterationStats stats);

    /** Polled after every iteration; returning true ends the run early (the result says so). */
    default boolean stopRequested() {
      return false;
    }
  }

  /**
   * The outcome of a run.
   *
   * @param agentParams final flat parameters
   * @param returnLog the iterations in which at least one episode ended (REFERENCE 3.4), in order
   * @param iterationsCompleted how many iterations ran
   * @param iterationsPlanned {@code floor(trainSteps / (B * T))}
   */
  public record Result(INDArray agentParams, List<IterationStats> returnLog, int iterationsCompleted,
      int iterationsPlanned) {

    public Result {
      returnLog = Collections.unmodifiableList(new ArrayList<>(returnLog));
    }

    /** Whether the listener stopped the run before the planned number of iterations. */
    public boolean stoppedEarly() {
      return iterationsCompleted < iterationsPlanned;
    }

    /** The logged mean returns, in order. */
    public double[] returns() {
      return returnLog.stream().mapToDouble(IterationStats::meanReturn).toArray();
    }
  }

  private final ActorCriticNet net;
  private final Optimizer<?> optimizer;
  private final A2cConfig config;

  /** A trainer for {@code net} with {@code optimizer} (gradient preprocessing included) and {@code config}. */
  public A2cTrainer(ActorCriticNet net, Optimizer<?> optimizer, A2cConfig config) {
    this.net = Objects.requireNonNull(net, "net");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.config = Objects.requireNonNull(config, "config");
  }

  public A2cConfig config() {
    return config;
  }

  /** Trains a fresh agent on {@code env} without observing it. */
  public Result train(VecEnv env) {
    return train(env, Listener.NONE);
  }

  /**
   * Trains a fresh agent on {@code env} (stepped in place from its current states), reporting every
   * iteration to {@code listener}.
   *
   * @throws TrainingDivergedException if a loss term, the gradient or the update becomes non-finite
   * @throws IllegalArgumentException if the env and the network disagree on observations or actions
   */
  public Result train(VecEnv env, Listener listener) {
    checkCompatible(env);
    return run(optimizer, env, Objects.requireNonNull(listener, "listener"));
  }

  private <S> Result run(Optimizer<S> opt, VecEnv env, Listener listener) {
    int numEnvs = env.numEnvs();
    int planned = config.iterations(numEnvs);
    INDArray params = net.init(Seeds.stream(config.seed(), "agent-init", 0), config.dataType());
    S state = opt.init(params);
    A2cRollout rollout = new A2cRollout(env, config.rolloutSteps(), config.seed(), config.dataType());
    ReturnTracker tracker = new ReturnTracker(numEnvs);
    List<IterationStats> returnLog = new ArrayList<>();
    int completed = 0;
    while (completed < planned) {
      int i = completed;
      rollout.collect(net, params);
      A2cGradient.Result gradient = A2cGradient.compute(net, params, rollout, config.hyper());
      double gradientNorm = checkLossAndGradient(i, env, gradient);
      Optimizer.Step<S> step = opt.update(gradient.agentGradient(), state, params);
      checkFinite(i, env, "parameter update norm", step.update().norm2Number().doubleValue());
      params = params.add(step.update());
      state = step.state();
      ReturnTracker.Episodes episodes = tracker.record(rollout.rewards(), rollout.dones(), config.rolloutSteps());
      IterationStats stats = stats(i, numEnvs, planned, episodes, gradient.loss(), gradientNorm);
      if (stats.hasReturn()) {
        returnLog.add(stats);
      }
      completed++;
      listener.onIteration(stats);
      if (listener.stopRequested()) {
        break;
      }
    }
    return new Result(params, returnLog, completed, planned);
  }

  private IterationStats stats(int i, int numEnvs, int planned, ReturnTracker.Episodes episodes,
      A2cLoss.Result loss, double gradientNorm) {
    return new IterationStats(i, i * config.stepsPerIteration(numEnvs), episodes.count(), episodes.mean(),
        loss.actorLoss(), loss.criticLoss(), loss.entropyLoss(), loss.total(), gradientNorm, planned);
  }

  /** Checks the loss terms and the gradient; returns the gradient norm. */
  private double checkLossAndGradient(int i, VecEnv env, A2cGradient.Result gradient) {
    A2cLoss.Result loss = gradient.loss();
    checkFinite(i, env, "actor loss", loss.actorLoss());
    checkFinite(i, env, "critic loss", loss.criticLoss());
    checkFinite(i, env, "entropy loss", loss.entropyLoss());
    checkFinite(i, env, "total loss", loss.total());
    double norm = gradient.agentGradient().norm2Number().doubleValue();
    checkFinite(i, env, "agent gradient norm", norm);
    return norm;
  }

  private void checkFinite(int i, VecEnv env, String quantity, double value) {
    if (!Double.isFinite(value)) {
      throw new TrainingDivergedException(i, quantity, value,
          "task " + env.taskName() + ", optimizer " + optimizer + ", seed " + config.seed());
    }
  }

  private void checkCompatible(VecEnv env) {
    Objects.requireNonNull(env, "env");
    if (env.numActions() != net.numActions()) {
      throw new IllegalArgumentException("env " + env.taskName() + " has " + env.numActions()
          + " actions but network " + net.name() + " has " + net.numActions());
    }
    if (!Arrays.equals(env.observationShape(), net.observationShape())) {
      throw new IllegalArgumentException("env " + env.taskName() + " observes " + Arrays.toString(env.observationShape())
          + " but network " + net.name() + " expects " + Arrays.toString(net.observationShape()));
    }
    if (config.iterations(env.numEnvs()) < 1) {
      throw new IllegalArgumentException("trainSteps " + config.trainSteps() + " is less than one iteration ("
          + config.stepsPerIteration(env.numEnvs()) + " env steps with " + env.numEnvs() + " envs)");
    }
  }

  @Override
  public String toString() {
    return "A2cTrainer[" + net.name() + ", " + optimizer + ", " + config + "]";
  }
}
