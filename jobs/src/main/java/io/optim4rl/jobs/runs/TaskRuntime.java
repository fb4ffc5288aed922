package io.optim4rl.jobs.runs;

import io.optim4rl.agents.a2c.TrainingDivergedException;
import io.optim4rl.jobs.config.ConfigException;
import io.optim4rl.lopt.meta.MetaTrainingStoppedException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run needs to know about the Spark task it runs in: whether a failure should be left to Spark to
 * retry, and which GPU Spark assigned to it. Outside Spark (tests, benches) there is no task: nothing is
 * retried and nothing is bound.
 */
public final class TaskRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(TaskRuntime.class);
  private static final Pattern LOCAL_WITH_RETRIES = Pattern.compile("local\\[[^,\\]]+,\\s*(\\d+)\\]");

  private TaskRuntime() {}

  /**
   * Whether {@code failure} should be thrown to Spark so that it retries the task, rather than recorded as a
   * failed run: true for failures a retry may cure (I/O, a lost file, an unexpected error) while attempts
   * remain. A diverged or stopped training run or a bad configuration would fail the same way again, so it is
   * recorded at once; on the last attempt every failure is recorded, so one bad run never stops the others.
   */
  public static boolean shouldRetry(Throwable failure) {
    TaskContext ctx = TaskContext.get();
    if (ctx == null || isDeterministic(failure)) {
      return false;
    }
    return ctx.attemptNumber() + 1 < maxAttempts();
  }

  /** Failures that a retry of the same run reproduces exactly. */
  public static boolean isDeterministic(Throwable failure) {
    return failure instanceof TrainingDivergedException || failure instanceof MetaTrainingStoppedException
        || failure instanceof ConfigException || failure instanceof IllegalArgumentException;
  }

  /** The number of attempts Spark makes at a task: {@code local[N,F]} gives F, a cluster spark.task.maxFailures. */
  static int maxAttempts() {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return 1;
    }
    String master = env.conf().get("spark.master", "local[*]");
    if (master.startsWith("local")) {
      Matcher m = LOCAL_WITH_RETRIES.matcher(master);
      return m.matches() ? Integer.parseInt(m.group(1)) : 1;
    }
    return env.conf().getInt("spark.task.maxFailures", 4);
  }

  /** The attempt number of the current task (0 outside Spark). */
  public static int attempt() {
    TaskContext ctx = TaskContext.get();
    return ctx == null ? 0 : ctx.attemptNumber();
  }

  /**
   * Binds this task's compute to the GPU Spark assigned it ({@code spark.task.resource.gpu.amount}), when it
   * assigned one: ND4J's CUDA backend (the {@code cuda} profile) is pointed at that device for this thread.
   * Returns the address, or null when the task has no GPU. Several tasks may share one GPU (an amount below
   * 1); each then binds to the same address.
   */
  public static String bindGpu() {
    TaskContext ctx = TaskContext.get();
    if (ctx == null) {
      return null;
    }
    Map<String, ResourceInformation> resources = scala.jdk.javaapi.CollectionConverters.asJava(ctx.resources());
    ResourceInformation gpu = resources.get("gpu");
    if (gpu == null || gpu.addresses().length == 0) {
      return null;
    }
    String address = gpu.addresses()[0];
    String backend = Nd4j.getBackend().getClass().getSimpleName();
    if (backend.toLowerCase(java.util.Locale.ROOT).contains("cuda")) {
      Nd4j.getAffinityManager().unsafeSetDevice(Integer.parseInt(address.trim()));
      LOG.info("task {} bound to GPU {}", ctx.taskAttemptId(), address);
    } else {
      LOG.warn("task {} was given GPU {} but ND4J runs the {} backend (build with -Pcuda to use it)",
          ctx.taskAttemptId(), address, backend);
    }
    return address;
  }
}
