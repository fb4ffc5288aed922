package io.optim4rl.agents.units;

/**
 * One unit's single-env rollout, as {@link UnitBatchA2c#lastTrajectory} reports it (a copy; for tests and
 * diagnostics, not for the hot path).
 *
 * @param observations the T + 1 observations o_0 .. o_T, row-major {@code [(T + 1) * D]} (o_T is the
 *     bootstrap observation after the last step)
 * @param actions a_0 .. a_{T-1}
 * @param rewards r_0 .. r_{T-1} as the env gave them (reward scaling included)
 * @param dones d_0 .. d_{T-1}
 */
public record UnitTrajectory(float[] observations, int[] actions, float[] rewards, boolean[] dones) {

  /** T, the number of steps. */
  public int steps() {
    return actions.length;
  }
}
