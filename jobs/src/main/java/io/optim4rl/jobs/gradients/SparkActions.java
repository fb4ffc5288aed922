package io.optim4rl.jobs.gradients;

import io.optim4rl.jobs.cli.ProgressBar;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/** Waits for a Spark action while drawing a progress bar of its tasks (all stages of its jobs). */
final class SparkActions {

  private SparkActions() {}

  static <T> List<T> await(String label, JavaSparkContext sc, JavaFutureAction<List<T>> future) {
    ProgressBar bar = ProgressBar.stderr(label);
    try {
      while (true) {
        try {
          List<T> result = future.get(1, TimeUnit.SECONDS);
          bar.finish();
          return result;
        } catch (TimeoutException e) {
          int done = 0;
          int total = 0;
          for (Integer jobId : future.jobIds()) {
            SparkJobInfo job = sc.statusTracker().getJobInfo(jobId);
            if (job == null) {
              continue;
            }
            for (int stageId : job.stageIds()) {
              SparkStageInfo st = sc.statusTracker().getStageInfo(stageId);
              if (st != null) {
                done += st.numCompletedTasks();
                total += st.numTasks();
              }
            }
          }
          if (total > 0) {
            bar.update(done, total, done + "/" + total + " tasks");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new IllegalStateException(label + " interrupted", e);
    } catch (ExecutionException e) {
      bar.finish();
      Throwable c = e.getCause();
      throw c instanceof RuntimeException re ? re : new IllegalStateException(label + " failed: " + c, c);
    }
  }
}
