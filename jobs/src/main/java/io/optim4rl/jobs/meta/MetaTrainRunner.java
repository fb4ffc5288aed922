package io.optim4rl.jobs.meta;

import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.runs.RunProgress;
import io.optim4rl.jobs.runs.RunRecords;
import io.optim4rl.jobs.runs.TaskRuntime;
import io.optim4rl.jobs.warehouse.Checkpoint;
import io.optim4rl.jobs.warehouse.Checkpoints;
import io.optim4rl.jobs.warehouse.Tables;
import io.optim4rl.jobs.warehouse.Warehouse;
import io.optim4rl.lopt.MetaParams;
import io.optim4rl.lopt.meta.MetaStepReport;
import io.optim4rl.lopt.meta.MetaTrainSettings;
import io.optim4rl.lopt.meta.MetaTrainer;
import io.optim4rl.lopt.meta.ShardExchange;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one meta-training run, or one shard of it, inside a Spark task. Every {@code checkpointEvery}
 * iterations (and at the end) it writes the {@code meta_steps} rows since the previous checkpoint as one file
 * and then the checkpoint, each atomically; a killed run therefore loses at most the iterations since its
 * last checkpoint, and resuming continues from there (rows of a later, lost segment are removed first, so no
 * iteration is ever recorded twice). Resuming restores the meta-parameters, the meta Adam state and the
 * iteration count; the training units restart fresh (their agents, optimizer states and environments are
 * not checkpointed), so a resumed run is not bit-identical to an uninterrupted one.
 *
 * <p>In a sharded run every shard computes the same meta-parameters; shard 0 alone writes.
 */
public final class MetaTrainRunner {

  private static final Logger LOG = LoggerFactory.getLogger(MetaTrainRunner.class);
  private static final int FINAL_WINDOW = 20;

  private MetaTrainRunner() {}

  /** Runs {@code spec} unsharded (from {@code resumeFrom} when not null) and records it. */
  public static RunOutcome execute(RunSpec spec, Warehouse warehouse, Checkpoint resumeFrom) {
    return execute(spec, warehouse, resumeFrom, ShardExchange.single());
  }

  /**
   * Runs shard {@code exchange.shard()} of {@code spec} (from {@code resumeFrom} when not null); shard 0 records
   * the run. A failure a retry may cure is thrown (to Spark's retry, or for a sharded run to the driver, which
   * restarts every shard from the last checkpoint); other failures are recorded as a failed run.
   */
  public static RunOutcome execute(RunSpec spec, Warehouse warehouse, Checkpoint resumeFrom, ShardExchange exchange) {
    boolean writer = exchange.shard() == 0;
    long started = Warehouse.nowMicros();
    long t0 = System.nanoTime();
    if (writer) {
      warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
          List.<Object[]>of(RunRecords.row(spec, Tables.RUNNING, null, null, started, null)));
    }
    Segment segment = new Segment(spec, warehouse, writer);
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
        LOG.info("run {} (shard {} of {}) resumes from its checkpoint at iteration {}", spec.runId(),
            exchange.shard(), exchange.shards(), resumeFrom.iteration());
      }
      segment.begin(first);
      try (MetaTrainer trainer = new MetaTrainer(s, init, state, exchange,
          c.ppo() == null ? null : MetaTrainer.ppoUnits(c.ppo()))) {
        trainer.run(first, (reports, mp, st) -> segment.onIteration(c, reports, mp, st));
      }
      double last = segment.lastReturns();
      if (writer) {
        warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(), List.<Object[]>of(
            RunRecords.row(spec, Tables.COMPLETED, null, Double.isNaN(last) ? null : last, started,
                Warehouse.nowMicros())));
      }
      return new RunOutcome(spec.runId(), Tables.COMPLETED, last, null, (System.nanoTime() - t0) / 1e9);
    } catch (RuntimeException e) {
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.error("meta-training run {} of experiment {} (shard {} of {}) failed: {}", spec.runId(), spec.experiment(),
          exchange.shard(), exchange.shards(), error, e);
      boolean retry = exchange.shards() > 1 ? !TaskRuntime.isDeterministic(e) : TaskRuntime.shouldRetry(e);
      if (retry) {
        throw e;
      }
      if (writer) {
        segment.flushRows(); // the iterations up to the failure stay visible (e.g. their nan_events)
        warehouse.writeAtomically(RunRecords.runsSchema(spec), spec.experiment(), spec.runId(),
            List.<Object[]>of(RunRecords.row(spec, Tables.FAILED, error, null, started, Warehouse.nowMicros())));
      }
      return new RunOutcome(spec.runId(), Tables.FAILED, Double.NaN, error, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** The meta_steps rows since the last checkpoint, and the recent mean returns. */
  private static final class Segment {
    final RunSpec spec;
    final Warehouse warehouse;
    final boolean writer;
    final List<Object[]> rows = new ArrayList<>();
    final List<Double> recentReturns = new ArrayList<>();
    int start = 1;
    int last;

    Segment(RunSpec spec, Warehouse warehouse, boolean writer) {
      this.spec = spec;
      this.warehouse = warehouse;
      this.writer = writer;
    }

    /** Starts at iteration {@code first}, removing segments of an earlier attempt from there on. */
    void begin(int first) {
      start = first;
      if (!writer) {
        return;
      }
      for (String f : warehouse.listFiles(Tables.META_STEPS.name(), spec.experiment(), spec.runId() + "-")) {
        String[] parts = f.substring(spec.runId().length() + 1).split("-");
        if (parts.length == 2 && Integer.parseInt(parts[0]) >= first) {
          warehouse.deleteFile(Tables.META_STEPS.name(), spec.experiment(), f);
        }
      }
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
      if (!writer) {
        rows.clear();
        return;
      }
      warehouse.writeProgress(spec.runId(), RunProgress.line(last, c.iterations(), end));
      if (end || last % c.checkpointEvery() == 0) {
        flushRows();
        Checkpoints.write(warehouse, Checkpoint.of(spec.runId(), spec.experiment(), last, c.optimizer().name(),
            c.optimizer().mlpDims(), mp.values(), state, end));
      }
    }

    /** Writes the rows since the last checkpoint as one segment file. */
    void flushRows() {
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
