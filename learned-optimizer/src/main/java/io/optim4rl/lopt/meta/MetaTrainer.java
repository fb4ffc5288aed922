package io.optim4rl.lopt.meta;

import io.optim4rl.envs.Seeds;
import io.optim4rl.lopt.Engines;
import io.optim4rl.lopt.LearnedOptimizerEngine;
import io.optim4rl.lopt.MetaParams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * MetaA2C with pipeline training (REFERENCE 5.1-5.6, Appendix B): per task, U training units (one agent,
 * one env, one learned-optimizer state each) advance M inner updates and a validation rollout per outer
 * iteration; the exact first-order meta-gradient of the validation loss is averaged over the units of a
 * task, optionally normalised to {@code maxNorm}, averaged over tasks, and applied with Adam. Units are
 * reset on the pipeline schedule; without pipeline training they live for the whole run.
 *
 * <p>Deterministic: every random stream derives from the run seed, and per-unit meta-gradients are summed
 * in unit order, so results do not depend on the number of threads.
 */
public final class MetaTrainer implements AutoCloseable {

  /** Observes meta-training; called on the training thread. */
  public interface Listener {
    /** After every outer iteration, one report per task, with the meta-parameters and meta-optimizer state. */
    void onIteration(List<MetaStepReport> reports, MetaParams metaParams, double[] metaOptimizerState);
  }

  private final MetaTrainSettings settings;
  private final ShardExchange exchange;
  private final ForkJoinPool pool;
  private final List<TaskState> tasks = new ArrayList<>();
  private final MetaAdam metaAdam;
  private MetaParams metaParams;
  private int nanEvents;

  /**
   * An unsharded trainer starting from {@code metaParams}; {@code metaOptimizerState} (nullable) restores the
   * meta Adam state of a checkpoint.
   */
  public MetaTrainer(MetaTrainSettings settings, MetaParams metaParams, double[] metaOptimizerState) {
    this(settings, metaParams, metaOptimizerState, ShardExchange.single());
  }

  /**
   * Shard {@code exchange.shard()} of a run whose units are split into {@code exchange.shards()} shards: it
   * owns units [firstUnit(s), firstUnit(s + 1)) of every task, and every shard of the run computes the same
   * meta-parameters, bit for bit equal to the unsharded run's.
   */
  public MetaTrainer(MetaTrainSettings settings, MetaParams metaParams, double[] metaOptimizerState,
      ShardExchange exchange) {
    this(settings, metaParams, metaOptimizerState, exchange, null);
  }

  /**
   * As above with the units built by {@code learners} (MetaPPO's units, {@link #ppoUnits}) instead of
   * MetaA2C's (null: MetaA2C's, from {@code settings}' A2C hyper-parameters and rollout length).
   */
  public MetaTrainer(MetaTrainSettings settings, MetaParams metaParams, double[] metaOptimizerState,
      ShardExchange exchange, UnitLearners.Factory learners) {
    if (learners == null) {
      learners = A2cUnitLearners.factory(settings);
    }
    this.settings = settings;
    this.exchange = exchange;
    int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
    this.pool = new ForkJoinPool(threads);
    this.metaParams = metaParams;
    this.metaAdam = new MetaAdam(settings.metaLearningRate(), settings.metaGradClip(), settings.metaGradNorm(),
        metaParams.numParams());
    if (metaOptimizerState != null) {
      metaAdam.importState(metaOptimizerState);
    }
    int lo = ShardExchange.firstUnit(settings.units(), exchange.shard(), exchange.shards());
    int hi = ShardExchange.firstUnit(settings.units(), exchange.shard() + 1, exchange.shards());
    for (int i = 0; i < settings.tasks().size(); i++) {
      tasks.add(new TaskState(i, settings.tasks().get(i), lo, hi - lo, learners));
    }
  }

  /**
   * MetaPPO's units (REFERENCE 5.8): one PPO agent with {@code ppo.numEnvs()} environments each; an inner
   * update is one PPO training step of {@code updateEpochs x numMinibatches} learned-optimizer steps.
   */
  public static UnitLearners.Factory ppoUnits(io.optim4rl.agents.ppo.PpoConfig ppo) {
    return PpoUnitLearners.factory(ppo);
  }

  /** Fresh meta-parameters for {@code settings} (REFERENCE 5.9: from the run seed). */
  public static MetaParams initialMetaParams(MetaTrainSettings settings) {
    return MetaParams.init(settings.kind(), settings.mlpDims(), Seeds.stream(settings.seed(), "meta-init", 0));
  }

  /**
   * Agent-parameter coordinates the learned optimizer processes per iteration in this shard (its units x
   * parameters, all tasks).
   */
  public long agentCoordinates() {
    long n = 0;
    for (TaskState t : tasks) {
      n += t.params.length;
    }
    return n;
  }

  /** The current meta-parameters. */
  public MetaParams metaParams() {
    return metaParams;
  }

  /**
   * Runs outer iterations {@code firstIteration}..{@code settings.iterations()} (1-based).
   *
   * @throws MetaTrainingStoppedException after more than {@code maxNanEvents} non-finite meta-gradients
   */
  public MetaParams run(int firstIteration, Listener listener) {
    for (int t = firstIteration; t <= settings.iterations(); t++) {
      long t0 = System.nanoTime();
      List<UnitResults> local = new ArrayList<>();
      for (TaskState task : tasks) {
        local.add(task.iterate(t));
      }
      List<UnitResults> all = exchange.shards() == 1 ? local : UnitResults.gather(exchange, local);
      double[] sum = new double[metaParams.numParams()];
      List<TaskSummary> summaries = new ArrayList<>();
      boolean finite = true;
      for (UnitResults r : all) {
        TaskSummary ts = summarize(r);
        summaries.add(ts);
        finite &= isFinite(ts.metaGradient);
        for (int i = 0; i < sum.length; i++) {
          sum[i] += ts.metaGradient[i] / tasks.size();
        }
      }
      if (finite) {
        metaParams = metaParams.withValues(metaAdam.step(metaParams.values(), sum));
        for (TaskState task : tasks) {
          task.engine.setMetaParams(metaParams);
        }
      } else if (++nanEvents > settings.maxNanEvents()) {
        throw new MetaTrainingStoppedException("meta-training stopped at iteration " + t + ": " + nanEvents
            + " non-finite meta-gradients (maxNanEvents = " + settings.maxNanEvents() + "); lower "
            + "metaOptimizer.learningRate or the agent learning rate, or enable metaOptimizer.gradClip/gradNorm");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<MetaStepReport> reports = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        TaskSummary s = summaries.get(i);
        TaskState task = tasks.get(i);
        long envSteps = t * settings.units() * task.learners.envStepsPerUnit(settings.innerUpdates());
        reports.add(new MetaStepReport(t, task.spec.task(), envSteps, s.metaLoss, s.gradNorm, s.meanReturn,
            s.episodes, s.resets, nanEvents, seconds));
      }
      listener.onIteration(reports, metaParams, metaAdam.exportState());
    }
    return metaParams;
  }

  /**
   * One task's meta-gradient over all its units (REFERENCE 5.1): the per-unit meta-gradients summed in unit
   * order and divided by U, its norm, the optional max-norm normalisation; and the task's statistics.
   */
  private TaskSummary summarize(UnitResults r) {
    int units = r.losses().length;
    double[] mean = new double[metaParams.numParams()];
    for (double[] g : r.metaGradients()) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += g[i];
      }
    }
    double norm = 0;
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= units;
      norm += mean[i] * mean[i];
    }
    norm = Math.sqrt(norm);
    if (settings.maxNorm() > 0) {
      double scale = settings.maxNorm() / norm; // a normalisation, not a clip (REFERENCE 5.1e, 10.6)
      for (int i = 0; i < mean.length; i++) {
        mean[i] *= scale;
      }
    }
    double loss = 0;
    double returns = 0;
    int episodes = 0;
    for (int u = 0; u < units; u++) {
      loss += r.losses()[u] / units;
      returns += r.returnSums()[u];
      episodes += r.episodes()[u];
    }
    return new TaskSummary(mean, loss, norm, episodes == 0 ? Double.NaN : returns / episodes, episodes, r.resets());
  }

  private static boolean isFinite(double[] v) {
    for (double d : v) {
      if (!Double.isFinite(d)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    for (TaskState t : tasks) {
      t.learners.close();
    }
    pool.shutdownNow();
  }

  private record TaskSummary(double[] metaGradient, double metaLoss, double gradNorm, double meanReturn,
      int episodes, int resets) {}

  /** One task's units of this shard: their learners, parameters, learned-optimizer engine, the pipeline schedule. */
  private final class TaskState {
    final MetaTrainSettings.TaskSpec spec;
    final long taskSeed;
    final int firstUnit;
    final int numUnits;
    final UnitLearners learners;
    final int paramsPerUnit;
    final float[] params;
    final float[] grads;
    final float[] update;
    final PipelineSchedule schedule;
    final LearnedOptimizerEngine engine;
    private int step;

    TaskState(int index, MetaTrainSettings.TaskSpec spec, int firstUnit, int numUnits, UnitLearners.Factory factory) {
      this.spec = spec;
      this.taskSeed = Seeds.derive(settings.seed(), "task", index);
      this.firstUnit = firstUnit;
      this.numUnits = numUnits;
      this.learners = factory.create(spec, firstUnit, numUnits, taskSeed, pool);
      this.paramsPerUnit = learners.paramsPerUnit();
      this.params = new float[numUnits * paramsPerUnit];
      this.grads = new float[params.length];
      this.update = new float[params.length];
      this.schedule = new PipelineSchedule(settings.resetInterval(), settings.units());
      this.engine = Engines.create(settings.kind(), pool, metaParams, learners.layout(), params.length,
          settings.innerUpdates() * learners.optimizerStepsPerInnerUpdate(), spec.learningRate(),
          settings.agentGradClip());
    }

    /**
     * Outer iteration t for this shard's units: resets, M inner updates (each one or more learned-optimizer
     * steps, all on the engine's tape), validation, per-unit results.
     */
    UnitResults iterate(int t) {
      int resets = resetUnits(t);
      double[] returnSums = new double[numUnits];
      int[] episodes = new int[numUnits];
      step = 0;
      UnitLearners.OptimizerStep apply = (g, p) -> {
        engine.forward(step++, g, p, update);
        for (int i = 0; i < p.length; i++) {
          p[i] += update[i];
        }
      };
      for (int k = 0; k < settings.innerUpdates(); k++) {
        accumulate(learners.innerUpdate(params, grads, apply), returnSums, episodes);
      }
      UnitLearners.UnitStats val = learners.validationGradient(params, grads);
      accumulate(val, returnSums, episodes);
      double[][] perUnit = engine.metaGradients(grads, numUnits, paramsPerUnit);
      engine.endIteration();
      return new UnitResults(perUnit, val.lossPerUnit(), returnSums, episodes, resets);
    }

    private void accumulate(UnitLearners.UnitStats s, double[] returnSums, int[] episodes) {
      for (int u = 0; u < numUnits; u++) {
        returnSums[u] += s.returnSumPerUnit()[u];
        episodes[u] += s.episodesPerUnit()[u];
      }
    }

    private int resetUnits(int t) {
      int count = 0;
      for (int u = 0; u < numUnits; u++) {
        int global = firstUnit + u;
        if (schedule.resetsAt(t, global)) {
          SplittableRandom rng = Seeds.stream(taskSeed, "unit-init", (long) t * settings.units() + global);
          learners.resetUnit(params, u, rng);
          engine.resetHidden(u * paramsPerUnit, (u + 1) * paramsPerUnit);
          count++;
        }
      }
      return count;
    }
  }
}
