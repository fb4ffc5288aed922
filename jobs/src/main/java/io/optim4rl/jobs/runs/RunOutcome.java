package io.optim4rl.jobs.runs;

import java.io.Serializable;

/**
 * What a Spark task reports back to the driver about one run.
 *
 * @param runId the run
 * @param status completed or failed
 * @param finalReturn mean of the last 20 logged returns (NaN when none was logged)
 * @param error the error message of a failed run, else null
 * @param wallSeconds the run's wall time
 */
public record RunOutcome(String runId, String status, double finalReturn, String error, double wallSeconds)
    implements Serializable {

  private static final long serialVersionUID = 1L;
}
