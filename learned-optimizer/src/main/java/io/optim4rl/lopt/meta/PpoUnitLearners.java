package io.optim4rl.lopt.meta;

import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.ppo.PpoBatch;
import io.optim4rl.agents.ppo.PpoConfig;
import io.optim4rl.agents.ppo.PpoGradient;
import io.optim4rl.agents.ppo.PpoLoss;
import io.optim4rl.agents.ppo.PpoNetworks;
import io.optim4rl.agents.ppo.PpoRollout;
import io.optim4rl.agents.ppo.PpoTrainer;
import io.optim4rl.agents.ppo.RunningStatistics;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.control.ContinuousVecEnv;
import io.optim4rl.envs.control.ControlTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * MetaPPO's units (REFERENCE 5.8): every unit is one PPO agent with {@code config.numEnvs()} environments of
 * its own, its own observation normaliser and random streams. An inner update is one full PPO training step
 * (collect {@code batchSize x numMinibatches / numEnvs} unrolls, update the normaliser, then
 * {@code updateEpochs x numMinibatches} learned-optimizer steps, every unit on its own minibatch, all units
 * in one batch per step); the validation step collects {@code max(batchSize / numEnvs, 1)} fresh unrolls and
 * takes the gradient of the PPO loss on all of them at the updated parameters.
 *
 * <p>Units are configured (the reference ties them to devices, one agent per device). Unit {@code g} (global
 * index) uses environment instances {@code g * numEnvs ..} of the task and streams derived from {@code g}, so
 * results do not depend on sharding or threads.
 */
final class PpoUnitLearners implements UnitLearners {

  private final PpoConfig config;
  private final PpoNetworks nets;
  private final ForkJoinPool pool;
  private final Unit[] units;
  private final int params;
  private final int trainTrajectories;
  private final int validationTrajectories;

  private PpoUnitLearners(String task, PpoConfig config, int firstUnit, int numUnits, long taskSeed,
      ForkJoinPool pool) {
    this.config = config;
    this.pool = pool;
    this.nets = PpoNetworks.of(ControlTasks.observationSize(task), ControlTasks.actionSize(task), config);
    this.params = nets.numParams();
    this.trainTrajectories = config.unrollsPerTrainingStep() * config.numEnvs();
    this.validationTrajectories = Math.max(config.batchSize() / config.numEnvs(), 1) * config.numEnvs();
    this.units = new Unit[numUnits];
    try {
      for (int u = 0; u < numUnits; u++) {
        units[u] = new Unit(task, u, firstUnit + u, taskSeed);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The factory for PPO units with {@code config} (numEnvs = environments per unit) and each task's reward
   * scaling (REFERENCE 5.6).
   */
  static Factory factory(PpoConfig config) {
    return (task, firstUnit, numUnits, taskSeed, pool) -> new PpoUnitLearners(task.task(),
        config.withRewardScaling(task.rewardScaling()), firstUnit, numUnits, taskSeed, pool);
  }

  @Override
  public int paramsPerUnit() {
    return params;
  }

  @Override
  public ParamLayout layout() {
    return nets.layout();
  }

  @Override
  public int optimizerStepsPerInnerUpdate() {
    return config.updateEpochs() * config.numMinibatches();
  }

  @Override
  public long envStepsPerUnit(int innerUpdates) {
    return (long) innerUpdates * config.stepsPerTrainingStep()
        + (long) validationTrajectories * config.unrollLength();
  }

  @Override
  public void resetUnit(float[] all, int unit, SplittableRandom rng) {
    System.arraycopy(nets.init(rng), 0, all, unit * params, params);
    units[unit].resetEpisodes();
  }

  @Override
  public UnitStats innerUpdate(float[] all, float[] grads, OptimizerStep step) {
    UnitStats collected = forEachUnit(u -> u.collect(all, u.train, true));
    double[] loss = new double[units.length];
    int[][] orders = new int[units.length][];
    for (int epoch = 0; epoch < config.updateEpochs(); epoch++) {
      for (int u = 0; u < units.length; u++) {
        orders[u] = PpoTrainer.permutation(trainTrajectories, units[u].sgdRng);
      }
      for (int mb = 0; mb < config.numMinibatches(); mb++) {
        int from = mb * config.batchSize();
        UnitStats s = forEachUnit(u -> u.gradient(all, grads, u.train, u.trainGradient, orders[u.local], from,
            config.batchSize()));
        for (int u = 0; u < units.length; u++) {
          loss[u] += s.lossPerUnit()[u] / optimizerStepsPerInnerUpdate();
        }
        step.apply(grads, all);
      }
    }
    return new UnitStats(loss, collected.returnSumPerUnit(), collected.episodesPerUnit());
  }

  @Override
  public UnitStats validationGradient(float[] all, float[] grads) {
    UnitStats collected = forEachUnit(u -> u.collect(all, u.validation, false));
    int[] identity = new int[validationTrajectories];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    UnitStats s = forEachUnit(u -> u.gradient(all, grads, u.validation, u.validationGradient, identity, 0,
        validationTrajectories));
    return new UnitStats(s.lossPerUnit(), collected.returnSumPerUnit(), collected.episodesPerUnit());
  }

  @Override
  public void close() {
    for (Unit u : units) {
      if (u != null) {
        u.env.close();
      }
    }
  }

  /** What one unit reports from one call: a loss, or the episodes it finished. */
  private record Report(double loss, double returnSum, int episodes) {}

  @FunctionalInterface
  private interface UnitWork {
    Report run(Unit u);
  }

  /** Runs {@code work} for every unit on the pool and gathers the reports in unit order. */
  private UnitStats forEachUnit(UnitWork work) {
    List<Callable<Report>> calls = new ArrayList<>();
    for (Unit u : units) {
      calls.add(() -> work.run(u));
    }
    double[] loss = new double[units.length];
    double[] returns = new double[units.length];
    int[] episodes = new int[units.length];
    List<Future<Report>> futures = pool.invokeAll(calls);
    for (int u = 0; u < units.length; u++) {
      Report r;
      try {
        r = futures.get(u).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      }
      loss[u] = r.loss();
      returns[u] = r.returnSum();
      episodes[u] = r.episodes();
    }
    return new UnitStats(loss, returns, episodes);
  }

  /** One unit's agent state apart from its parameters (those live in the trainer's flat array). */
  private final class Unit {
    final int local;
    final ContinuousVecEnv env;
    final PpoRollout rollout;
    final PpoBatch train;
    final PpoBatch validation;
    final PpoGradient trainGradient;
    final PpoGradient validationGradient;
    final SplittableRandom actRng;
    final SplittableRandom sgdRng;
    final float[] scratch = new float[params];
    final float[] gradient = new float[params];
    final double[] episodeReturn;
    RunningStatistics stats;

    Unit(String task, int local, int global, long taskSeed) {
      this.local = local;
      this.env = ControlTasks.create(task, config.numEnvs(), global * config.numEnvs(), taskSeed);
      this.rollout = new PpoRollout(env, nets);
      this.train = rollout.newBatch(config.unrollsPerTrainingStep(), config.unrollLength());
      this.validation = rollout.newBatch(validationTrajectories / config.numEnvs(), config.unrollLength());
      this.trainGradient = new PpoGradient(nets, config, config.batchSize(), config.unrollLength());
      this.validationGradient = new PpoGradient(nets, config, validationTrajectories, config.unrollLength());
      this.actRng = Seeds.stream(taskSeed, "ppo-unit-act", global);
      this.sgdRng = Seeds.stream(taskSeed, "ppo-unit-sgd", global);
      this.episodeReturn = new double[config.numEnvs()];
      this.stats = RunningStatistics.init(nets.observationSize());
    }

    void resetEpisodes() {
      env.resetAll();
      java.util.Arrays.fill(episodeReturn, 0);
      stats = RunningStatistics.init(nets.observationSize());
    }

    /** Acts with the unit's parameters into {@code batch}; the episodes that ended, in time order. */
    Report collect(float[] all, PpoBatch batch, boolean updateStatistics) {
      System.arraycopy(all, local * params, scratch, 0, params);
      rollout.collectInPlace(scratch, stats, actRng, batch);
      if (updateStatistics) {
        stats = batch.updateStatistics(stats);
      }
      int envs = config.numEnvs();
      int steps = batch.steps();
      double returns = 0;
      int episodes = 0;
      for (int unroll = 0; unroll < batch.numTrajectories() / envs; unroll++) {
        for (int t = 0; t < steps; t++) {
          for (int e = 0; e < envs; e++) {
            int i = (unroll * envs + e) * steps + t;
            episodeReturn[e] += batch.rewards()[i];
            if (batch.termination()[i] || batch.truncation()[i]) {
              returns += episodeReturn[e];
              episodes++;
              episodeReturn[e] = 0;
            }
          }
        }
      }
      return new Report(Double.NaN, returns, episodes);
    }

    /** The PPO loss gradient on trajectories {@code order[from .. from + count)} into the unit's slice. */
    Report gradient(float[] all, float[] grads, PpoBatch batch, PpoGradient g, int[] order, int from, int count) {
      System.arraycopy(all, local * params, scratch, 0, params);
      PpoLoss.Terms terms = g.compute(scratch, stats, batch, order, from, count, sgdRng, gradient);
      System.arraycopy(gradient, 0, grads, local * params, params);
      return new Report(terms.total(), 0, 0);
    }
  }
}
