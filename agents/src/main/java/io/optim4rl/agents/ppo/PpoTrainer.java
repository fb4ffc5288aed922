package io.optim4rl.agents.ppo;

import io.optim4rl.agents.a2c.TrainingDivergedException;
import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.control.ContinuousVecEnv;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PPO for continuous control, brax 0.9.4's {@code ppo.train} loop (REFERENCE 3.6).
 *
 * <p>One training step: collect {@code batchSize numMinibatches / numEnvs} unrolls of
 * {@code unrollLength} steps from the {@code numEnvs} envs ({@link PpoRollout}), update the observation
 * statistics with all of them ({@link RunningStatistics}), then {@code updateEpochs} passes, each a fresh
 * random permutation of the trajectories split into {@code numMinibatches} minibatches of
 * {@code batchSize} trajectories, with one optimizer step per minibatch ({@link PpoGradient}, then
 * {@code (update, state) = optimizer.update(g, state, params)}, {@code params += update}). The optimizer
 * state lives for the whole run, so a learned optimizer works as well as a classical one.
 *
 * <p>Evaluations ({@link PpoEvaluator}): before training and after each of {@link PpoConfig#epochs()}
 * epochs of {@link PpoConfig#trainingStepsPerEpoch()} training steps. Random streams
 * {@code Seeds.stream(seed, purpose, 0)}: {@code "ppo-init"} (parameters), {@code "ppo-act"} (acting
 * noise), {@code "ppo-sgd"} (permutations and entropy noise), {@code "ppo-eval"} (evaluation noise); the
 * envs have their own seeds. The same seed and envs give bit-identical evaluation returns.
 */
public final class PpoTrainer {

  /** Observes a run; called on the training thread. */
  @FunctionalInterface
  public interface Listener {

    /** A listener that ignores everything. */
    Listener NONE = evaluation -> { };

    /** Called after every evaluation (evaluation 0 before training). */
    void onEvaluation(PpoEvaluation evaluation);

    /** Called after every training step with the steps done and the run's total (for progress bars). */
    default void onTrainingStep(long done, long total) {}

    /** Polled after every evaluation; true ends the run early. */
    default boolean stopRequested() {
      return false;
    }
  }

  /**
   * The outcome of a run.
   *
   * @param agentParams final flat parameters (layout {@link PpoNetworks#layout()})
   * @param statistics final observation statistics
   * @param evaluations every evaluation, in order
   * @param envSteps training env steps made
   */
  public record Result(float[] agentParams, RunningStatistics statistics, List<PpoEvaluation> evaluations,
      long envSteps) {

    public Result {
      evaluations = Collections.unmodifiableList(new ArrayList<>(evaluations));
    }

    /** The evaluation returns, in order. */
    public double[] evalReturns() {
      return evaluations.stream().mapToDouble(PpoEvaluation::evalReturn).toArray();
    }
  }

  private final PpoConfig config;

  public PpoTrainer(PpoConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public PpoConfig config() {
    return config;
  }

  /** The networks this trainer builds for {@code env}. */
  public PpoNetworks networks(ContinuousVecEnv env) {
    return PpoNetworks.of(env.observationSize(), env.actionSize(), config);
  }

  /**
   * Trains a fresh agent on {@code env} (stepped in place) and evaluates it on {@code evalEnv}.
   *
   * @throws TrainingDivergedException if a loss, the gradient or the parameters become non-finite
   * @throws IllegalArgumentException if the envs disagree with the config or each other
   */
  public <S> Result train(ContinuousVecEnv env, ContinuousVecEnv evalEnv, Optimizer<S> optimizer, long seed,
      Listener listener) {
    checkEnvs(env, evalEnv);
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(listener, "listener");
    long start = System.nanoTime();
    PpoNetworks nets = networks(env);
    float[] params = nets.init(Seeds.stream(seed, "ppo-init", 0));
    S state = optimizer.init(Nd4j.createFromArray(params.clone()));
    SplittableRandom actRng = Seeds.stream(seed, "ppo-act", 0);
    SplittableRandom sgdRng = Seeds.stream(seed, "ppo-sgd", 0);
    SplittableRandom evalRng = Seeds.stream(seed, "ppo-eval", 0);
    PpoRollout rollout = new PpoRollout(env, nets);
    PpoBatch batch = rollout.newBatch(config.unrollsPerTrainingStep(), config.unrollLength());
    PpoGradient gradient = new PpoGradient(nets, config, config.batchSize(), config.unrollLength());
    float[] grad = new float[nets.numParams()];
    RunningStatistics stats = RunningStatistics.init(nets.observationSize());
    List<PpoEvaluation> evaluations = new ArrayList<>();
    LossMeans means = new LossMeans();
    long trainingSteps = 0;
    evaluations.add(evaluate(0, 0, evalEnv, nets, params, stats, evalRng, start, means, listener, seed));
    for (int epoch = 0; epoch < config.epochs() && !listener.stopRequested(); epoch++) {
      for (long k = 0; k < config.trainingStepsPerEpoch(); k++) {
        rollout.collectInPlace(params, stats, actRng, batch);
        stats = batch.updateStatistics(stats);
        state = sgdPasses(optimizer, state, params, stats, batch, gradient, grad, sgdRng, trainingSteps, means, seed);
        trainingSteps++;
        listener.onTrainingStep(trainingSteps, config.epochs() * config.trainingStepsPerEpoch());
      }
      evaluations.add(evaluate(epoch + 1, trainingSteps, evalEnv, nets, params, stats, evalRng, start, means,
          listener, seed));
    }
    return new Result(params, stats, evaluations, trainingSteps * config.stepsPerTrainingStep());
  }

  /** {@code updateEpochs} passes over {@code batch}; updates {@code params} in place, returns the new state. */
  private <S> S sgdPasses(Optimizer<S> optimizer, S state, float[] params, RunningStatistics stats,
      PpoBatch batch, PpoGradient gradient, float[] grad, SplittableRandom rng, long step, LossMeans means,
      long seed) {
    S current = state;
    for (int epoch = 0; epoch < config.updateEpochs(); epoch++) {
      int[] order = permutation(batch.numTrajectories(), rng);
      for (int mb = 0; mb < config.numMinibatches(); mb++) {
        PpoLoss.Terms terms = gradient.compute(params, stats, batch, order, mb * config.batchSize(),
            config.batchSize(), rng, grad);
        String where = "training step " + step + ", pass " + epoch + ", minibatch " + mb;
        check(step, where, "total loss", terms.total(), seed);
        check(step, where, "agent gradient norm", norm(grad), seed);
        current = applyInPlace(optimizer, current, params, grad);
        check(step, where, "parameter norm", norm(params), seed);
        means.add(terms);
      }
    }
    return current;
  }

  /**
   * One optimizer step at the ND4J boundary: {@code (update, state') = optimizer.update(g, state, params)},
   * {@code params += update}; returns {@code state'}.
   */
  public static <S> S applyInPlace(Optimizer<S> optimizer, S state, float[] params, float[] gradient) {
    INDArray g = Nd4j.createFromArray(gradient.clone());
    INDArray p = Nd4j.createFromArray(params.clone());
    Optimizer.Step<S> step = optimizer.update(g, state, p);
    float[] update = step.update().toFloatVector();
    for (int i = 0; i < params.length; i++) {
      params[i] += update[i];
    }
    return step.state();
  }

  /** A uniformly random permutation of {@code 0 .. n-1} (Fisher-Yates, drawing from {@code rng}). */
  public static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  private PpoEvaluation evaluate(int index, long trainingSteps, ContinuousVecEnv evalEnv, PpoNetworks nets,
      float[] params, RunningStatistics stats, SplittableRandom rng, long start, LossMeans means,
      Listener listener, long seed) {
    double evalReturn = PpoEvaluator.evaluate(evalEnv, nets, params, stats, config.evalEpisodeLength(), rng);
    check(trainingSteps, "evaluation " + index, "evaluation return", evalReturn, seed);
    PpoEvaluation e = new PpoEvaluation(index, trainingSteps * config.stepsPerTrainingStep(), trainingSteps,
        evalReturn, (System.nanoTime() - start) / 1e9, means.count, means.mean(means.total),
        means.mean(means.policy), means.mean(means.value), means.mean(means.entropy));
    means.reset();
    listener.onEvaluation(e);
    return e;
  }

  private void check(long step, String where, String quantity, double value, long seed) {
    if (!Double.isFinite(value)) {
      throw new TrainingDivergedException(Math.toIntExact(Math.min(step, Integer.MAX_VALUE)),
          quantity + " at " + where, value, "PPO, seed " + seed + ", " + config);
    }
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  private void checkEnvs(ContinuousVecEnv env, ContinuousVecEnv evalEnv) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(evalEnv, "evalEnv");
    if (env.numEnvs() != config.numEnvs()) {
      throw new IllegalArgumentException("env " + env.taskName() + " has " + env.numEnvs()
          + " instances but numEnvs is " + config.numEnvs());
    }
    if (evalEnv.numEnvs() != config.evalEnvs()) {
      throw new IllegalArgumentException("evalEnv has " + evalEnv.numEnvs() + " instances but evalEnvs is "
          + config.evalEnvs());
    }
    if (evalEnv.observationSize() != env.observationSize() || evalEnv.actionSize() != env.actionSize()) {
      throw new IllegalArgumentException("evalEnv " + evalEnv.taskName() + " differs from env " + env.taskName()
          + " in observation or action size");
    }
  }

  /** Running means of the loss terms since the last evaluation. */
  private static final class LossMeans {
    long count;
    double total;
    double policy;
    double value;
    double entropy;

    void add(PpoLoss.Terms t) {
      count++;
      total += t.total();
      policy += t.policyLoss();
      value += t.valueLoss();
      entropy += t.entropyLoss();
    }

    double mean(double sum) {
      return count == 0 ? Double.NaN : sum / count;
    }

    void reset() {
      count = 0;
      total = 0;
      policy = 0;
      value = 0;
      entropy = 0;
    }
  }

  @Override
  public String toString() {
    return "PpoTrainer[" + config + "]";
  }
}
