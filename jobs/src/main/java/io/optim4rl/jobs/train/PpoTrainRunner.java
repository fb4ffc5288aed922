package io.optim4rl.jobs.train;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.optim.OptimizerSpec;
import io.optim4rl.agents.optim.Optimizers;
import io.optim4rl.agents.ppo.PpoConfig;
import io.optim4rl.agents.ppo.PpoEvaluation;
import io.optim4rl.agents.ppo.PpoNetworks;
import io.optim4rl.agents.ppo.PpoTrainer;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.control.ContinuousVecEnv;
import io.optim4rl.envs.control.ControlTasks;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunKind;
import io.optim4rl.jobs.runs.RunProgress;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The PPO side of a train or evaluate run (REFERENCE 3.6, 6): a fresh PPO agent on a continuous-control task,
 * one {@code returns} row per evaluation (iteration = evaluation index, episode_return = the mean unscaled
 * evaluation return, episodes = the evaluation envs). The run's summary is the mean of the last
 * {@link #FINAL_WINDOW} evaluations.
 */
public final class PpoTrainRunner {

  /** The summary statistic of a PPO run: mean of the last 2 evaluation returns (REFERENCE 6). */
  public static final int FINAL_WINDOW = 2;
  private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

  private PpoTrainRunner() {}

  /** Trains {@code spec}'s agent and returns its {@code returns} rows. */
  static List<Object[]> train(RunSpec spec, Warehouse warehouse, Optimizers registry,
      UnaryOperator<Optimizer<?>> decorate) {
    PpoConfig config = PpoTrainConfig.ppoConfig(spec);
    TrainConfig.OptimizerConfig o = PpoTrainConfig.optimizer(spec);
    String task = spec.string("task");
    long seed = spec.longValue("seed");
    Optimizer<?> optimizer = decorate.apply(registry.build(new OptimizerSpec(o.name(), o.learningRate(),
        o.gradClip(), o.gradNorm())));
    List<Object[]> rows = new ArrayList<>();
    try (ContinuousVecEnv env = ControlTasks.create(task, config.numEnvs(), 0, seed);
        ContinuousVecEnv evalEnv = ControlTasks.create(task, config.evalEnvs(), 0, Seeds.derive(seed, "eval", 0))) {
      long[] lastReport = {System.nanoTime()};
      PpoTrainer.Listener listener = new PpoTrainer.Listener() {
        @Override
        public void onEvaluation(PpoEvaluation e) {
          rows.add(new Object[] {spec.runId(), task, o.name(), seed, (long) e.evaluation(), e.envSteps(),
              e.evalReturn(), (long) config.evalEnvs()});
        }

        @Override
        public void onTrainingStep(long done, long total) {
          long now = System.nanoTime();
          if (done == total || now - lastReport[0] > PROGRESS_INTERVAL_NANOS) {
            lastReport[0] = now;
            warehouse.writeProgress(spec.runId(), RunProgress.line(done, total, done == total));
          }
        }
      };
      new PpoTrainer(config).train(env, evalEnv, optimizer, seed, listener);
    }
    return rows;
  }

  /** Progress steps of a run: its training steps. */
  public static long iterations(RunSpec spec) {
    PpoConfig c = PpoTrainConfig.ppoConfig(spec);
    return c.epochs() * c.trainingStepsPerEpoch();
  }

  /** The agent's parameter layout for {@code spec}'s task (learned optimizers such as STAR read it). */
  public static io.optim4rl.agents.params.ParamLayout layout(RunSpec spec) {
    String task = spec.string("task");
    return PpoNetworks.of(ControlTasks.observationSize(task), ControlTasks.actionSize(task),
        PpoTrainConfig.ppoConfig(spec)).layout();
  }

  /**
   * The cost of a PPO run: training env steps (as brax counts them), the agent's parameters, and a heap
   * estimate (a 256 MB base, one training step's unrolls, the networks' activations of a minibatch).
   */
  public static RunKind.Cost cost(RunSpec spec) {
    PpoConfig c = PpoTrainConfig.ppoConfig(spec);
    String task = spec.string("task");
    int obs = ControlTasks.observationSize(task);
    long params = layout(spec).numParams();
    long steps = (long) c.epochs() * c.trainingStepsPerEpoch() * c.stepsPerTrainingStep();
    long widest = 0;
    for (int h : c.valueHidden()) {
      widest += h;
    }
    long bytes = 4L * c.stepsPerTrainingStep() * (obs + 2L * ControlTasks.actionSize(task) + 6)
        + 8L * c.batchSize() * c.unrollLength() * widest * 2 + params * 4 * 16;
    return new RunKind.Cost(steps, params, 256 + bytes / (1 << 20));
  }
}
