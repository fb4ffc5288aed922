package io.optim4rl.lopt.meta;

import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.units.UnitBatchA2c;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import java.util.SplittableRandom;

/**
 * MetaA2C's units (REFERENCE 5.1): one agent and one environment per unit; an inner update is one rollout of
 * T steps and one learned-optimizer step on its A2C gradient.
 */
final class A2cUnitLearners implements UnitLearners {

  private final VecEnv env;
  private final UnitBatchA2c agents;

  A2cUnitLearners(VecEnv env, UnitBatchA2c agents) {
    this.env = env;
    this.agents = agents;
  }

  /** The factory for {@code settings}' A2C hyper-parameters and rollout length. */
  static Factory factory(MetaTrainSettings settings) {
    return (task, firstUnit, numUnits, taskSeed, pool) -> new A2cUnitLearners(
        Tasks.create(task.task(), numUnits, firstUnit, taskSeed, task.rewardScaling()),
        new UnitBatchA2c(task.task(), numUnits, firstUnit, settings.hyper(), settings.rolloutSteps(), taskSeed, pool));
  }

  @Override
  public int paramsPerUnit() {
    return agents.numParams();
  }

  @Override
  public ParamLayout layout() {
    return agents.layout();
  }

  @Override
  public int optimizerStepsPerInnerUpdate() {
    return 1;
  }

  @Override
  public long envStepsPerUnit(int innerUpdates) {
    return (long) agents.rolloutSteps() * (innerUpdates + 1);
  }

  @Override
  public void resetUnit(float[] params, int unit, SplittableRandom rng) {
    agents.initUnitParams(params, unit, rng);
    env.reset(unit);
    agents.resetUnitEpisode(unit);
  }

  @Override
  public UnitStats innerUpdate(float[] params, float[] grads, OptimizerStep step) {
    UnitStats s = validationGradient(params, grads);
    step.apply(grads, params);
    return s;
  }

  @Override
  public UnitStats validationGradient(float[] params, float[] grads) {
    UnitBatchA2c.Stats s = agents.rolloutAndGradient(env, params, grads);
    return new UnitStats(s.lossPerUnit().clone(), s.returnSumPerUnit().clone(), s.episodesPerUnit().clone());
  }
}
