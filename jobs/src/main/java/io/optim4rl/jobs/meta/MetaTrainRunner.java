package io.optim4rl.jobs.meta;

import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.runs.RunProgress;
import io.optim4rl.jobs.runs.RunRecords;
import io.optim4rl.jobs.warehouse.Checkpoint;
import io.optim4rl.jobs.warehouse.Checkpoints;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import io.optim4rl.lopt.MetaParams;
import io.optim4rl.lopt.meta.MetaStepReport;
import io.optim4rl.lopt.meta.MetaTrainSettings;
import io.optim4rl.lopt.meta.MetaTrainer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one meta-training run inside a Spark task. Every {@code checkpointEvery} iterations (and at the
 * end) it writes the {@code meta_steps} rows since the previous checkpoint as one file and then the
 * checkpoint, each atomically; a killed run therefore loses at most the iterations since its last
 * checkpoint and {@code --resume} continues from there. Resuming restores the meta-parameters, the meta
 * Adam state and the iteration count; the training units restart fresh (their agents, optimizer states and
 * environments are not checkpointed), so a resumed run is not bit-identical to an uninterrupted one.
 */
public final class MetaTrainRunner {

  private static final Logger LOG = LoggerFactory.getLogger(MetaTrainRunner.class);
  private static final int FINAL_WINDOW = 20;

  private MetaTrainRunner() {}

  /** Runs {@code spec} (from {@code resumeFrom} when not null) and records it. */
  public static RunOutcome execute(RunSpec spec, Warehouse warehouse, Checkpoint resumeFrom) {
    long started = Warehouse.nowMicros();
    long t0 = System.nanoTime();
    warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
        List.<Object[]>of(RunRecords.row(spec, Tables.RUNNING, null, null, started, null)));
    Segment segment = new Segment(spec, warehouse);
    try {
      MetaTrainConfig c = MetaTrainConfig.of(spec);
      MetaTrainSettings s = MetaTrainJob.settings(c);
      MetaParams init = MetaTrainer.initialMetaParams(s);
      double[] state = null;
      int first = 1;
      if (resumeFrom != null) {
        resumeFrom.verify(c.optimizer().name(), c.optimizer().mlpDims(), init.numParams());
        init = init.withValues(resumeFrom.metaParams());
        state = resumeFrom.metaOptimizerState();
        first = (int) resumeFrom.iteration() + 1;
        segment.start = first;
        LOG.info("run {} resumes from its checkpoint at iteration {}", spec.runId(), resumeFrom.iteration());
      }
      try (MetaTrainer trainer = new MetaTrainer(s, init, state)) {
        trainer.run(first, (reports, mp, st) -> segment.onIteration(c, reports, mp, st));
      }
      double last = segment.lastReturns();
      warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(), List.<Object[]>of(
          RunRecords.row(spec, Tables.COMPLETED, null, Double.isNaN(last) ? null : last, started, Warehouse.nowMicros())));
      return new RunOutcome(spec.runId(), Tables.COMPLETED, last, null, (System.nanoTime() - t0) / 1e9);
    } catch (RuntimeException e) {
      segment.flush();
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.error("meta-training run {} of experiment {} failed: {}", spec.runId(), spec.experiment(), error, e);
      warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
          List.<Object[]>of(RunRecords.row(spec, Tables.FAILED, error, null, started, Warehouse.nowMicros())));
      return new RunOutcome(spec.runId(), Tables.FAILED, Double.NaN, error, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** The meta_steps rows since the last checkpoint, and the recent mean returns. */
  private static final class Segment {
    final RunSpec spec;
    final Warehouse warehouse;
    final List<Object[]> rows = new ArrayList<>();
    final List<Double> recentReturns = new ArrayList<>();
    int start = 1;
    int last;

    Segment(RunSpec spec, Warehouse warehouse) {
      this.spec = spec;
      this.warehouse = warehouse;
    }

    void onIteration(MetaTrainConfig c, List<MetaStepReport> reports, MetaParams mp, double[] state) {
      double sum = 0;
      int n = 0;
      for (MetaStepReport r : reports) {
        rows.add(new Object[] {spec.runId(), (long) r.iteration(), r.task(), r.envSteps(), r.metaLoss(),
            r.metaGradNorm(), Double.isNaN(r.meanReturn()) ? null : r.meanReturn(), (long) r.episodes(),
            (long) r.resets(), (long) r.nanEvents(), r.seconds()});
        if (!Double.isNaN(r.meanReturn())) {
          sum += r.meanReturn();
          n++;
        }
      }
      if (n > 0) {
        recentReturns.add(sum / n);
        if (recentReturns.size() > FINAL_WINDOW) {
          recentReturns.remove(0);
        }
      }
      last = reports.get(0).iteration();
      boolean end = last == c.iterations();
      warehouse.writeProgress(spec.runId(), RunProgress.line(last, c.iterations(), end));
      if (end || last % c.checkpointEvery() == 0) {
        flush();
        Checkpoints.write(warehouse, Checkpoint.of(spec.runId(), spec.experiment(), last, c.optimizer().name(),
            c.optimizer().mlpDims(), mp.values(), state, end));
      }
    }

    void flush() {
      if (!rows.isEmpty()) {
        warehouse.writeAtomically(Tables.META_STEPS, spec.experiment(),
            String.format("%s-%08d-%08d", spec.runId(), start, last), new ArrayList<>(rows));
        rows.clear();
        start = last + 1;
      }
    }

    double lastReturns() {
      return recentReturns.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
  }
}
