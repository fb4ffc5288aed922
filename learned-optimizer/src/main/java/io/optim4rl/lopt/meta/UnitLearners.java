package io.optim4rl.lopt.meta;

import io.optim4rl.agents.params.ParamLayout;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * One task's training units in one shard, as the {@link MetaTrainer} drives them: every unit is an agent with
 * its own environments, and all units' parameters live side by side in one flat array
 * ({@code [numUnits, paramsPerUnit]}), so the learned optimizer processes them as one batch.
 *
 * <p>An inner update (REFERENCE 5.1 for A2C, 5.8 for PPO) collects fresh experience and applies
 * {@link #optimizerStepsPerInnerUpdate()} learned-optimizer steps through the given {@link OptimizerStep}:
 * one for A2C, epochs x minibatches for PPO. The validation step computes the gradient of the agent loss on
 * fresh experience at the updated parameters: the adjoint that starts the first-order meta-gradient
 * (REFERENCE 5.2).
 */
public interface UnitLearners extends AutoCloseable {

  /** Builds one task's units {@code [firstUnit, firstUnit + numUnits)} of a run. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param task the task and its reward scaling
     * @param firstUnit global index of the shard's first unit (random streams follow the global index)
     * @param numUnits units of this shard
     * @param taskSeed the task's seed, derived from the run seed
     * @param pool threads for the units' rollouts and gradients
     */
    UnitLearners create(MetaTrainSettings.TaskSpec task, int firstUnit, int numUnits, long taskSeed,
        ForkJoinPool pool);
  }

  /** Applies one learned-optimizer step to all units: reads {@code grads}, adds the update to {@code params}. */
  @FunctionalInterface
  interface OptimizerStep {
    void apply(float[] grads, float[] params);
  }

  /** Per-unit statistics of the experience collected in one call. */
  record UnitStats(double[] lossPerUnit, double[] returnSumPerUnit, int[] episodesPerUnit) {}

  /** Agent parameters per unit. */
  int paramsPerUnit();

  /** The agent's parameter layout (STAR reads tensor shapes). */
  ParamLayout layout();

  /** Learned-optimizer steps in one inner update. */
  int optimizerStepsPerInnerUpdate();

  /** Environment steps one unit takes in an outer iteration of {@code innerUpdates} inner updates. */
  long envStepsPerUnit(int innerUpdates);

  /** Resets unit {@code unit} (local index): fresh agent parameters from {@code rng}, fresh episodes. */
  void resetUnit(float[] params, int unit, SplittableRandom rng);

  /** One inner update of every unit; {@code grads} is scratch of the size of {@code params}. */
  UnitStats innerUpdate(float[] params, float[] grads, OptimizerStep step);

  /** The validation loss gradient of every unit at {@code params}, into {@code grads}; its statistics. */
  UnitStats validationGradient(float[] params, float[] grads);

  /** Releases native resources (MuJoCo environments); the default holds none. */
  @Override
  default void close() {}
}
