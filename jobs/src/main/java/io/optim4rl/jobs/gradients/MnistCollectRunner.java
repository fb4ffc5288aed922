package io.optim4rl.jobs.gradients;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.optim.OptimizerSpec;
import io.optim4rl.agents.optim.Optimizers;
import io.optim4rl.agents.sl.MnistData;
import io.optim4rl.agents.sl.MnistFiles;
import io.optim4rl.agents.sl.MnistTrainer;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.runs.RunProgress;
import io.optim4rl.jobs.runs.RunRecords;
import io.optim4rl.jobs.runs.TaskRuntime;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.List;

/**
 * One SLCollect run inside a Spark task (REFERENCE 7.2): reads and balances MNIST, trains MNIST_CNN with
 * the configured optimizer while keeping every k-th gradient entry of every j-th step, then writes the
 * {@code gradients} rows and the {@code runs} row (final = accuracy of the last epoch), each atomically.
 */
final class MnistCollectRunner {

  private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

  private MnistCollectRunner() {}

  static RunOutcome execute(RunSpec spec, CollectConfig c, Warehouse warehouse) {
    long started = Warehouse.nowMicros();
    long t0 = System.nanoTime();
    warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
        List.<Object[]>of(RunRecords.row(spec, Tables.RUNNING, null, null, started, null)));
    try {
      MnistData data = MnistData.balanced(MnistFiles.readTrainingSet(Path.of(c.mnistDir())), c.imagesPerClass(),
          c.batchSize());
      GradientSampler sampler = new GradientSampler(c.everyCoord(), c.everyStep());
      Optimizer<?> optimizer = RecordingOptimizer.wrap(Optimizers.classical().build(new OptimizerSpec(
          c.optimizer().name(), c.optimizer().learningRate(), c.optimizer().gradClip(), c.optimizer().gradNorm())),
          sampler);
      long[] last = {System.nanoTime()};
      MnistTrainer.Result r = new MnistTrainer(c.epochs(), c.batchSize(), c.seed()).train(data, optimizer,
          (step, steps, epoch, loss, acc) -> {
            long now = System.nanoTime();
            boolean end = step + 1 == steps;
            if (end || now - last[0] > PROGRESS_INTERVAL_NANOS) {
              last[0] = now;
              warehouse.writeProgress(spec.runId(), RunProgress.line(step + 1, steps, end));
            }
          });
      warehouse.writeAtomically(Tables.GRADIENTS, spec.experiment(), spec.runId(),
          sampler.rows(spec.runId(), CollectConfig.SL, CollectConfig.MNIST));
      double accuracy = r.epochAccuracy()[r.epochAccuracy().length - 1];
      warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
          List.<Object[]>of(RunRecords.row(spec, Tables.COMPLETED, null, accuracy, started, Warehouse.nowMicros())));
      return new RunOutcome(spec.runId(), Tables.COMPLETED, accuracy, null, (System.nanoTime() - t0) / 1e9);
    } catch (RuntimeException e) {
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (TaskRuntime.shouldRetry(e)) {
        throw e;
      }
      warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
          List.<Object[]>of(RunRecords.row(spec, Tables.FAILED, error, null, started, Warehouse.nowMicros())));
      return new RunOutcome(spec.runId(), Tables.FAILED, Double.NaN, error, (System.nanoTime() - t0) / 1e9);
    }
  }
}
