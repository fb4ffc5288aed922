package io.optim4rl.jobs.meta;

import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.runs.RunDriver;
import io.optim4rl.jobs.runs.RunOutcome;
import io.optim4rl.jobs.warehouse.Checkpoint;
import io.optim4rl.jobs.warehouse.Checkpoints;
import io.optim4rl.jobs.warehouse.Warehouse;
import io.optim4rl.lopt.meta.ShardExchange;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import io.optim4rl.jobs.runs.TaskRuntime;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code meta-train --shards S} (ARCHITECTURE 3.2): each run's training units are split into S shards run as
 * one Spark barrier stage. Every outer iteration the shards exchange their per-unit results with
 * {@code allGather} and apply the same meta-optimizer step, so the meta-parameters are identical on every
 * shard and equal to the unsharded run's; unit state never leaves its task. Runs of a sweep go one after
 * another, each using S task slots at once.
 *
 * <p>When a shard fails (its executor dies, say) the stage fails as a whole; the driver then restarts every
 * shard from the run's last checkpoint written by this command, at most {@code maxRestarts} times, before
 * recording the run as failed. Spark's own stage retries (on a cluster) resume the same way: the shards of a
 * retried stage agree, through {@code allGather}, on the checkpoint shard 0 finds.
 */
public final class ShardedMetaTrain {

  private static final Logger LOG = LoggerFactory.getLogger(ShardedMetaTrain.class);

  private ShardedMetaTrain() {}

  /** Runs every missing run of {@code all} with {@code shards} shards each. */
  public static RunDriver.Summary run(SparkSession spark, String experiment, List<RunSpec> all, Warehouse warehouse,
      PrintStream out, boolean resume, int shards, int maxRestarts) {
    long launched = Warehouse.nowMicros();
    List<RunSpec> todo = RunDriver.missingRuns(spark, experiment, all, warehouse, out, ", " + shards + " shards each");
    MetaTrainJob.Kind kind = new MetaTrainJob.Kind(resume, launched);
    if (todo.isEmpty()) {
      return new RunDriver.Summary(all.size(), all.size(), 0, 0, List.of());
    }
    int slots = spark.sparkContext().defaultParallelism();
    if (slots < shards) {
      LOG.warn("{} shards need {} task slots at once; the application has {} (it waits for more executors)", shards,
          shards, slots);
    }
    Map<String, Serializable> resumeFrom = kind.prepare(spark, warehouse, todo);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<RunOutcome> outcomes = new ArrayList<>();
    for (RunSpec spec : todo) {
      outcomes.add(runOne(jsc, spec, warehouse, (Checkpoint) resumeFrom.get(spec.runId()), launched, shards,
          maxRestarts, out));
    }
    return RunDriver.report(out, kind, all.size(), todo, outcomes, warehouse);
  }

  private static RunOutcome runOne(JavaSparkContext jsc, RunSpec spec, Warehouse warehouse, Checkpoint resumeFrom,
      long launched, int shards, int maxRestarts, PrintStream out) {
    long iterations = MetaTrainConfig.of(spec).iterations();
    String error = null;
    for (int attempt = 0; attempt <= maxRestarts; attempt++) {
      Checkpoint from = resumeFrom;
      if (attempt > 0) {
        from = MetaTrainJob.restartPoint(warehouse, spec, resumeFrom, launched);
        out.printf(Locale.ROOT, "run %s: restarting all %d shards from %s (restart %d of %d)%n", spec.runId(), shards,
            from == null ? "the beginning" : "the checkpoint at iteration " + from.iteration(), attempt, maxRestarts);
      }
      warehouse.clearProgress(spec.runId());
      jsc.setJobDescription("meta-train " + spec.experiment() + " run " + spec.runId() + " (" + shards + " shards)");
      ShardTask task = new ShardTask(spec, warehouse, from, launched, shards);
      ClassTag<RunOutcome> tag = ClassTag$.MODULE$.apply(RunOutcome.class);
      RDD<RunOutcome> stage = jsc.parallelize(IntStream.range(0, shards).boxed().toList(), shards).rdd().barrier()
          .mapPartitions(task, false, tag);
      JavaFutureAction<List<RunOutcome>> future = JavaRDD.fromRDD(stage, tag).collectAsync();
      try {
        List<RunOutcome> perShard = RunDriver.await("meta-train " + spec.runId(), future, warehouse,
            Map.of(spec.runId(), iterations), iterations);
        return perShard.get(0);
      } catch (RunDriver.SparkJobFailedException e) {
        error = e.getMessage();
        LOG.warn("run {}: a shard failed: {}", spec.runId(), error);
      }
    }
    return RunDriver.recordAbortedJob(List.of(spec), warehouse, error + " (after " + maxRestarts + " restarts)").get(0);
  }

  /** What every shard of a run's barrier stage executes (a Scala function: the barrier API is Scala's). */
  private static final class ShardTask extends AbstractFunction1<scala.collection.Iterator<Integer>,
      scala.collection.Iterator<RunOutcome>> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final RunSpec spec;
    private final Warehouse warehouse;
    private final Checkpoint resumeFrom;
    private final long launched;
    private final int shards;

    ShardTask(RunSpec spec, Warehouse warehouse, Checkpoint resumeFrom, long launched, int shards) {
      this.spec = spec;
      this.warehouse = warehouse;
      this.resumeFrom = resumeFrom;
      this.launched = launched;
      this.shards = shards;
    }

    @Override
    public scala.collection.Iterator<RunOutcome> apply(scala.collection.Iterator<Integer> ignored) {
      BarrierTaskContext ctx = BarrierTaskContext.get();
      TaskRuntime.bindGpu();
      BarrierExchange exchange = new BarrierExchange(ctx, shards);
      Checkpoint from = agreeOnStart(exchange, ctx.stageAttemptNumber() > 0);
      RunOutcome outcome = MetaTrainRunner.execute(spec, warehouse, from, exchange);
      return CollectionConverters.asScala(List.of(outcome).iterator());
    }

    /**
     * The checkpoint every shard starts from: on Spark's retry of the stage, the latest one this command
     * wrote, as shard 0 sees it; otherwise the one the driver chose.
     */
    private Checkpoint agreeOnStart(BarrierExchange exchange, boolean retried) {
      Checkpoint mine = retried ? MetaTrainJob.restartPoint(warehouse, spec, resumeFrom, launched) : resumeFrom;
      long iteration = mine == null ? -1 : mine.iteration();
      long agreed = Long.parseLong(exchange.allGatherStrings(Long.toString(iteration)).get(0));
      if (agreed == iteration) {
        return mine;
      }
      return agreed < 0 ? null : Checkpoints.at(warehouse, spec.experiment(), spec.runId(), agreed);
    }
  }

  /** {@link ShardExchange} over a barrier stage's {@code allGather} (messages travel as Base64 text). */
  private static final class BarrierExchange implements ShardExchange {
    private final BarrierTaskContext ctx;
    private final int shards;

    BarrierExchange(BarrierTaskContext ctx, int shards) {
      this.ctx = ctx;
      this.shards = shards;
    }

    @Override
    public int shard() {
      return ctx.partitionId();
    }

    @Override
    public int shards() {
      return shards;
    }

    @Override
    public List<byte[]> allGather(byte[] message) {
      List<byte[]> out = new ArrayList<>();
      for (String s : allGatherStrings(Base64.getEncoder().encodeToString(message))) {
        out.add(Base64.getDecoder().decode(s));
      }
      return out;
    }

    List<String> allGatherStrings(String message) {
      return List.of(ctx.allGather(message));
    }
  }
}
