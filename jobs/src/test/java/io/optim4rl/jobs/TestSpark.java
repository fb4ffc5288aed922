package io.optim4rl.jobs;

import org.apache.spark.sql.SparkSession;

/** One local Spark session shared by the tests of this module (started on first use). */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  /** A local[2] session with the UI off. */
  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("optim4rl-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.session.timeZone", "UTC")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
