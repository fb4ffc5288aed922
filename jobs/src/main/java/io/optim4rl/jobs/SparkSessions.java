package io.optim4rl.jobs;

import io.optim4rl.jobs.cli.UsageException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Creates the Spark session of a command: the master from spark-submit, else {@code --master}, else local[*]. */
public final class SparkSessions {

  private SparkSessions() {}

  /**
   * A session named {@code optim4rl <command>}. When spark-submit set {@code spark.master}, that wins;
   * otherwise {@code master} (from --master) or {@code local[*]}.
   */
  public static Handle create(String command, String master) {
    boolean existed = SparkSession.getDefaultSession().isDefined();
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(master == null ? "local[*]" : master);
    }
    if (conf.get("spark.master").startsWith("local") && !conf.contains("spark.ui.enabled")) {
      conf.set("spark.ui.enabled", "false");
    }
    conf.setIfMissing("spark.sql.session.timeZone", "UTC");
    conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    conf.setIfMissing("spark.sql.debug.maxToStringFields", "1000");
    conf.setAppName("optim4rl " + command);
    try { // a bad value fails before Spark starts
      ExecutorWatchdog.timeoutSeconds(conf.get(ExecutorWatchdog.TIMEOUT_KEY, "0"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return new Handle(spark, !existed, existed ? null : ExecutorWatchdog.start(spark.sparkContext()));
  }

  /**
   * A session that is stopped on close only if this command started it (tests share one), with the
   * {@link ExecutorWatchdog} of a cluster application (null in local mode).
   */
  public record Handle(SparkSession spark, boolean owned, ExecutorWatchdog watchdog) implements AutoCloseable {
    @Override
    public void close() {
      if (watchdog != null) {
        watchdog.close();
      }
      if (owned) {
        spark.stop();
      }
    }
  }
}
