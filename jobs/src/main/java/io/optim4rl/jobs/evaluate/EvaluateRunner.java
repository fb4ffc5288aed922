package io.optim4rl.jobs.evaluate;

import io.optim4rl.agents.nets.Nets;
import io.optim4rl.agents.optim.Optimizers;
import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.train.PpoTrainConfig;
import io.optim4rl.jobs.train.PpoTrainRunner;
import io.optim4rl.jobs.train.TrainRunner;
import io.optim4rl.jobs.warehouse.Checkpoint;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import io.optim4rl.lopt.LearnedOptimizerKind;
import io.optim4rl.lopt.LearnedOptimizers;
import io.optim4rl.lopt.MetaParams;
import java.util.List;

/**
 * One evaluation run inside a Spark task: a fresh A2C or PPO agent trained with a frozen learned optimizer (from a
 * verified checkpoint; its hidden state starts at zero and lives for the whole run) or with a baseline,
 * then its {@code evaluations} row (REFERENCE 6).
 */
public final class EvaluateRunner {

  private EvaluateRunner() {}

  /** Runs {@code spec}; {@code checkpoint} is null for baselines. */
  public static RunOutcome execute(RunSpec spec, Warehouse warehouse, Checkpoint checkpoint) {
    Optimizers registry = Optimizers.classical();
    if (checkpoint != null) {
      LearnedOptimizerKind kind = LearnedOptimizerKind.parse(checkpoint.optimizerKind());
      int[] dims = checkpoint.mlpDims().stream().mapToInt(Integer::intValue).toArray();
      MetaParams params = MetaParams.of(kind, dims, checkpoint.metaParams());
      checkpoint.verify(checkpoint.optimizerKind(), checkpoint.mlpDims(), params.numParams());
      // STAR reads the agent's tensor shapes (REFERENCE 4.5); the coordinate-wise kinds ignore the layout
      ParamLayout layout = PpoTrainConfig.isPpo(spec) ? PpoTrainRunner.layout(spec)
          : Nets.forTask(spec.string("task")).layout();
      registry = LearnedOptimizers.register(registry, layout, params);
    }
    String ckRun = spec.string(EvaluateConfig.EVAL_CHECKPOINT_RUN);
    long ckIt = spec.longValue(EvaluateConfig.EVAL_CHECKPOINT_ITERATION);
    return TrainRunner.execute(spec, warehouse, registry, finalReturn -> warehouse.writeAtomically(
        Tables.EVALUATIONS, spec.experiment(), spec.runId(), List.<Object[]>of(new Object[] {spec.runId(),
            ckRun.isEmpty() ? null : ckRun, ckRun.isEmpty() ? null : ckIt, spec.string(EvaluateConfig.EVAL_OPTIMIZER),
            spec.number("optimizer.learningRate"), spec.string("task"), spec.longValue("seed"),
            Double.isNaN(finalReturn) ? null : finalReturn})));
  }
}
