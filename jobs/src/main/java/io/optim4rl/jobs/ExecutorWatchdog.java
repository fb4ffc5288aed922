package io.optim4rl.jobs;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;

/**
 * Watches an application on a cluster for executors that never come. A Spark standalone master relaunches
 * executors that exit at start (a missing jar, an unknown option in {@code spark.executor.extraJavaOptions})
 * and, with two or more workers, never gives up: one of the relaunched executors is always "running" when
 * another fails, so its retry limit ({@code spark.deploy.maxExecutorRetries}) never applies. A cluster
 * without a worker that has the cores and memory asked for keeps the jobs waiting as well. Spark itself only
 * logs "Initial job has not accepted any resources" every 15 s, forever.
 *
 * <p>When work has waited for {@link #TIMEOUT_KEY} seconds (default {@value #DEFAULT_TIMEOUT_SECONDS}) with
 * no executor registered, the watchdog cancels the application's jobs with a message that says what to
 * check; when the cluster manager ends the application (the master removes it after back-to-back executor
 * failures), it records a message too. {@link Main} prints the message instead of Spark's stack trace and
 * exits with {@link Main#EXIT_CLUSTER}. Local masters are not watched.
 */
public final class ExecutorWatchdog implements AutoCloseable {

  /** Spark configuration key: seconds of waiting work without an executor before the jobs are cancelled; 0: off. */
  public static final String TIMEOUT_KEY = "spark.optim4rl.noExecutorTimeout";
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  /** What the watchdog sees of the application; {@link #of(SparkContext)} for Spark, fakes in tests. */
  interface Application {
    /** Registered executors, the driver not counted. */
    int executors();

    /** Whether some job is active (waiting for or running tasks). */
    boolean jobsActive();

    /** Whether the application has ended (its SparkContext stopped). */
    boolean stopped();

    /** Cancels every active job. */
    void cancelJobs();
  }

  /** The watchdog of this JVM's current cluster application (null: none). */
  private static volatile ExecutorWatchdog current;

  private final Application app;
  private final String master;
  private final long timeoutNanos;
  private final LongSupplier clock;
  private final Thread thread;
  private volatile boolean closing;
  private boolean sawExecutor;
  private long healthySince;
  private volatile boolean done;
  private volatile String diagnosis;

  ExecutorWatchdog(Application app, String master, long timeoutSeconds, LongSupplier clock) {
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeoutSeconds);
    }
    this.app = Objects.requireNonNull(app, "app");
    this.master = master;
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    this.clock = clock;
    this.healthySince = clock.getAsLong();
    this.thread = new Thread(this::watch, "optim4rl-executor-watchdog");
    thread.setDaemon(true);
  }

  /**
   * Starts a watchdog for {@code sc} when its master is not local and {@link #TIMEOUT_KEY} is not 0;
   * returns null otherwise.
   */
  static ExecutorWatchdog start(SparkContext sc) {
    String master = sc.master();
    long timeout = timeoutSeconds(sc.getConf().get(TIMEOUT_KEY, String.valueOf(DEFAULT_TIMEOUT_SECONDS)));
    if (master.startsWith("local") || timeout == 0) {
      return null;
    }
    ExecutorWatchdog w = new ExecutorWatchdog(of(sc), master, timeout, System::nanoTime);
    current = w;
    w.thread.start();
    return w;
  }

  /** Parses the timeout setting: whole seconds, at least 0. */
  static long timeoutSeconds(String value) {
    try {
      long s = Long.parseLong(value.trim());
      if (s >= 0) {
        return s;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(TIMEOUT_KEY + " must be a whole number of seconds (0 turns the check off), got '"
        + value + "'");
  }

  /** The Spark side of {@link Application}. */
  static Application of(SparkContext sc) {
    return new Application() {
      @Override
      public int executors() {
        return Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
      }

      @Override
      public boolean jobsActive() {
        return sc.statusTracker().getActiveJobIds().length > 0;
      }

      @Override
      public boolean stopped() {
        return sc.isStopped();
      }

      @Override
      public void cancelJobs() {
        sc.cancelAllJobs();
      }
    };
  }

  /** What the watchdog of this JVM's current cluster application found, or null (none, or nothing found). */
  public static String lastDiagnosis() {
    ExecutorWatchdog w = current;
    return w == null ? null : w.diagnosis;
  }

  /** What this watchdog found, or null. */
  String diagnosis() {
    return diagnosis;
  }

  private void watch() {
    while (!closing && !done) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      check();
    }
  }

  /**
   * One look at the application: returns the diagnosis when it fires (then the watchdog is done), else null.
   */
  synchronized String check() {
    if (done || closing) {
      return null;
    }
    long now = clock.getAsLong();
    if (app.stopped()) {
      done = true;
      return fire("the cluster manager (" + master + ") ended the application before its work was done"
          + (sawExecutor ? "" : "; no executor ever registered with it") + ". " + HINT, false);
    }
    if (app.executors() > 0) {
      sawExecutor = true;
      healthySince = now;
      return null;
    }
    if (!app.jobsActive()) {
      healthySince = now;
      return null;
    }
    if (now - healthySince < timeoutNanos) {
      return null;
    }
    done = true;
    long seconds = TimeUnit.NANOSECONDS.toSeconds(timeoutNanos);
    return fire("no executor has run for this application for " + seconds + " s while its work waited (master "
        + master + (sawExecutor ? "; it had executors, then lost them all" : "; no executor ever registered")
        + "), so its jobs were cancelled. " + HINT + " The wait is " + TIMEOUT_KEY + " (seconds, default "
        + DEFAULT_TIMEOUT_SECONDS + "; 0 turns the check off).", true);
  }

  private static final String HINT = "Either the workers cannot start executors or none has the free cores and "
      + "memory asked for (spark.executor.cores, spark.executor.memory). Check the workers in the master's web UI "
      + "(port 8080) and an executor's stderr in the worker's work folder (SPARK_HOME/work/<app-id>/<n>/stderr): a "
      + "missing jar or an unknown JVM option in spark.executor.extraJavaOptions makes every executor fail at "
      + "start, and a standalone master with two or more workers relaunches them without end.";

  /**
   * Records the diagnosis (and cancels the jobs): whoever waits on them reports it once, the run driver in
   * the failed runs' errors, {@link Main} otherwise.
   */
  private String fire(String message, boolean cancel) {
    diagnosis = message;
    if (cancel) {
      app.cancelJobs();
    }
    return message;
  }

  /** Stops watching (the command is ending the application itself); keeps the diagnosis. */
  @Override
  public synchronized void close() {
    closing = true;
    thread.interrupt();
  }
}
