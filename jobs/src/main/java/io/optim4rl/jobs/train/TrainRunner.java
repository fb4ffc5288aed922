package io.optim4rl.jobs.train;

import io.optim4rl.agents.a2c.A2cConfig;
import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.agents.a2c.A2cTrainer;
import io.optim4rl.agents.a2c.IterationStats;
import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.agents.nets.Nets;
import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.optim.OptimizerSpec;
import io.optim4rl.agents.optim.Optimizers;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.runs.RunProgress;
import io.optim4rl.jobs.runs.RunRecords;
import io.optim4rl.jobs.runs.TaskRuntime;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one train run inside a Spark task (plain Java; no Spark types): builds the env, network and
 * optimizer, trains (A2C, or PPO through {@link PpoTrainRunner}), and writes the run's {@code returns} file and then its {@code runs} row, each
 * atomically. A failure is recorded as a {@code failed} run with its error instead of failing the job.
 */
public final class TrainRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TrainRunner.class);
  /** The summary statistic of a run: mean of the last 20 logged returns (REFERENCE 6). */
  public static final int FINAL_WINDOW = 20;
  private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

  private TrainRunner() {}

  /** Runs {@code spec} with the classical optimizers and records it in {@code warehouse}. */
  public static RunOutcome execute(RunSpec spec, Warehouse warehouse) {
    return execute(spec, warehouse, Optimizers.classical(), finalReturn -> { });
  }

  /**
   * Runs {@code spec}, building its optimizer from {@code registry}, and records it; {@code beforeCommit}
   * receives the final return and may write more rows before the run is marked completed.
   */
  public static RunOutcome execute(RunSpec spec, Warehouse warehouse, Optimizers registry,
      java.util.function.DoubleConsumer beforeCommit) {
    return execute(spec, warehouse, registry, o -> o, beforeCommit);
  }

  /**
   * As above, with {@code decorate} applied to the built optimizer (gradient preprocessing included), for
   * example to record the unclipped gradients it receives (gradient collection, REFERENCE 7.1).
   */
  public static RunOutcome execute(RunSpec spec, Warehouse warehouse, Optimizers registry,
      java.util.function.UnaryOperator<Optimizer<?>> decorate, java.util.function.DoubleConsumer beforeCommit) {
    long started = Warehouse.nowMicros();
    long t0 = System.nanoTime();
    warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
        List.<Object[]>of(RunRecords.row(spec, Tables.RUNNING, null, null, started, null)));
    try {
      boolean ppo = PpoTrainConfig.isPpo(spec);
      List<Object[]> rows = ppo ? PpoTrainRunner.train(spec, warehouse, registry, decorate)
          : train(spec, TrainConfig.of(spec), warehouse, registry, decorate);
      warehouse.writeAtomically(Tables.RETURNS, spec.experiment(), spec.runId(), rows);
      double finalReturn = lastMean(rows, ppo ? PpoTrainRunner.FINAL_WINDOW : FINAL_WINDOW);
      beforeCommit.accept(finalReturn);
      Double stored = Double.isNaN(finalReturn) ? null : finalReturn;
      warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
          List.<Object[]>of(RunRecords.row(spec, Tables.COMPLETED, null, stored, started, Warehouse.nowMicros())));
      return new RunOutcome(spec.runId(), Tables.COMPLETED, finalReturn, null, (System.nanoTime() - t0) / 1e9);
    } catch (RuntimeException e) {
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.error("run {} of experiment {} failed: {}", spec.runId(), spec.experiment(), error, e);
      if (TaskRuntime.shouldRetry(e)) {
        throw e; // Spark runs the task again; the run's files are rewritten whole
      }
      warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
          List.<Object[]>of(RunRecords.row(spec, Tables.FAILED, error, null, started, Warehouse.nowMicros())));
      return new RunOutcome(spec.runId(), Tables.FAILED, Double.NaN, error, (System.nanoTime() - t0) / 1e9);
    }
  }

  private static List<Object[]> train(RunSpec spec, TrainConfig c, Warehouse warehouse, Optimizers registry,
      java.util.function.UnaryOperator<Optimizer<?>> decorate) {
    VecEnv env = Tasks.create(c.task(), c.numEnvs(), c.seed(), c.rewardScaling());
    ActorCriticNet net = Nets.forTask(c.task(), env.observationShape(), env.numActions());
    Optimizer<?> optimizer = decorate.apply(registry.build(new OptimizerSpec(c.optimizer().name(),
        c.optimizer().learningRate(), c.optimizer().gradClip(), c.optimizer().gradNorm())));
    A2cConfig a2c = new A2cConfig(c.seed(), c.trainSteps(), c.rolloutSteps(),
        new A2cLoss.Hyper(c.gamma(), c.lambda(), c.criticWeight(), c.entropyWeight()), DataType.FLOAT);
    List<Object[]> rows = new ArrayList<>();
    long[] lastReport = {System.nanoTime()};
    A2cTrainer.Listener listener = stats -> {
      if (stats.hasReturn()) {
        rows.add(returnsRow(spec, c, stats));
      }
      long now = System.nanoTime();
      boolean last = stats.iteration() + 1 == stats.iterations();
      if (last || now - lastReport[0] > PROGRESS_INTERVAL_NANOS) {
        lastReport[0] = now;
        warehouse.writeProgress(spec.runId(), RunProgress.line(stats.iteration() + 1, stats.iterations(), last));
      }
    };
    new A2cTrainer(net, optimizer, a2c).train(env, listener);
    return rows;
  }

  private static Object[] returnsRow(RunSpec spec, TrainConfig c, IterationStats s) {
    return new Object[] {spec.runId(), c.task(), c.optimizer().name(), c.seed(), (long) s.iteration(), s.envSteps(),
        s.meanReturn(), (long) s.episodes()};
  }

  /** Mean of the last {@code window} logged returns; NaN when none was logged. */
  static double lastMean(List<Object[]> rows, int window) {
    int n = Math.min(window, rows.size());
    double sum = 0;
    for (int i = rows.size() - n; i < rows.size(); i++) {
      sum += (Double) rows.get(i)[6];
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
