package io.optim4rl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog's decisions on a fake application and clock; the real cluster case is in StandaloneClusterTest. */
class ExecutorWatchdogTest {

  /** A fake application whose state the test sets. */
  private static final class FakeApp implements ExecutorWatchdog.Application {
    int executors;
    boolean jobsActive;
    boolean stopped;
    int cancels;

    @Override
    public int executors() {
      return executors;
    }

    @Override
    public boolean jobsActive() {
      return jobsActive;
    }

    @Override
    public boolean stopped() {
      return stopped;
    }

    @Override
    public void cancelJobs() {
      cancels++;
    }
  }

  private final FakeApp app = new FakeApp();
  private long now;
  private final ExecutorWatchdog dog = new ExecutorWatchdog(app, "spark://m:7077", 60, () -> now);

  private String at(long seconds) {
    now = TimeUnit.SECONDS.toNanos(seconds);
    return dog.check();
  }

  @Test
  void waitingWorkWithoutAnyExecutorIsCancelledAfterTheTimeoutWithWhatToCheck() {
    app.jobsActive = true;
    assertNull(at(1));
    assertNull(at(59));
    String why = at(60);
    assertNotNull(why);
    assertEquals(1, app.cancels);
    assertTrue(why.contains("no executor has run for this application for 60 s"), why);
    assertTrue(why.contains("master spark://m:7077; no executor ever registered"), why);
    assertTrue(why.contains("spark.executor.extraJavaOptions") && why.contains("SPARK_HOME/work/"), why);
    assertTrue(why.contains(ExecutorWatchdog.TIMEOUT_KEY), why);
    assertEquals(why, dog.diagnosis());
    assertNull(at(200), "fires once");
    assertEquals(1, app.cancels);
  }

  @Test
  void executorsOrNoWaitingWorkKeepItQuietAndTheClockRestartsWhenTheLastExecutorIsLost() {
    app.executors = 2;
    app.jobsActive = true;
    assertNull(at(100));
    app.executors = 0;
    app.jobsActive = false;
    assertNull(at(300), "no work waits: nothing to say");
    app.jobsActive = true;
    assertNull(at(359));
    String why = at(360);
    assertNotNull(why);
    assertTrue(why.contains("it had executors, then lost them all"), why);
    assertEquals(1, app.cancels);
  }

  @Test
  void anApplicationEndedByTheClusterManagerIsReportedWithoutCancelling() {
    app.jobsActive = true;
    assertNull(at(5));
    app.stopped = true;
    String why = at(6);
    assertNotNull(why);
    assertTrue(why.contains("the cluster manager (spark://m:7077) ended the application"), why);
    assertTrue(why.contains("no executor ever registered"), why);
    assertEquals(0, app.cancels);
  }

  @Test
  void afterCloseTheCommandsOwnStopIsNotReported() {
    app.jobsActive = true;
    dog.close();
    app.stopped = true;
    assertNull(at(500));
    assertNull(dog.diagnosis());
    assertEquals(0, app.cancels);
  }

  @Test
  void theTimeoutSettingIsWholeSecondsAndZeroTurnsItOff() {
    assertEquals(0, ExecutorWatchdog.timeoutSeconds("0"));
    assertEquals(120, ExecutorWatchdog.timeoutSeconds(" 120 "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExecutorWatchdog.timeoutSeconds("2m"));
    assertTrue(e.getMessage().contains(ExecutorWatchdog.TIMEOUT_KEY) && e.getMessage().contains("'2m'"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ExecutorWatchdog.timeoutSeconds("-1"));
  }

  @Test
  void aBadTimeoutSettingIsAUsageErrorBeforeSparkStarts(@TempDir Path wh) {
    System.setProperty(ExecutorWatchdog.TIMEOUT_KEY, "soon");
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      assertEquals(Main.EXIT_USAGE, Main.run(new String[] {"sql", "--warehouse", wh.toString(), "SELECT 1"}, o, o));
      String text = out.toString(StandardCharsets.UTF_8);
      assertTrue(text.contains("error: " + ExecutorWatchdog.TIMEOUT_KEY + " must be a whole number of seconds"), text);
    } finally {
      System.clearProperty(ExecutorWatchdog.TIMEOUT_KEY);
    }
  }

  @Test
  void localApplicationsAreNotWatched() {
    assertNull(ExecutorWatchdog.start(TestSpark.get().sparkContext()));
  }
}
