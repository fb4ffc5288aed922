package io.optim4rl.agents.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.agents.a2c.ReturnTracker;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import org.junit.jupiter.api.Test;

/**
 * Episode bookkeeping (REFERENCE 3.4) against {@link ReturnTracker}: per unit a tracker fed with the
 * unit's trajectories gives the same episodes and return sums, across calls (running sums carried) and
 * across a unit reset ({@link UnitBatchA2c#resetUnit} forgets the running sum, like a fresh tracker).
 */
class UnitBatchA2cStatsTest {

  @Test
  void episodeStatisticsMatchAReturnTrackerPerUnit() {
    int numUnits = 4;
    long seed = 9;
    UnitBatchA2c units = new UnitBatchA2c("small_dense_short", numUnits, A2cLoss.Hyper.defaults(), 20, seed);
    VecEnv env = Tasks.create("small_dense_short", numUnits, seed, 100.0);
    float[] params = new float[numUnits * units.numParams()];
    for (int u = 0; u < numUnits; u++) {
      units.initUnitParams(params, u, Seeds.stream(seed, "init", u));
    }
    float[] grads = new float[params.length];
    ReturnTracker[] trackers = new ReturnTracker[numUnits];
    for (int u = 0; u < numUnits; u++) {
      trackers[u] = new ReturnTracker(1);
    }
    int totalEpisodes = 0;
    for (int call = 0; call < 12; call++) {
      if (call == 5) {
        units.resetUnit(env, params, 2, Seeds.stream(seed, "reset", 2));
        trackers[2] = new ReturnTracker(1);
      }
      UnitBatchA2c.Stats stats = units.rolloutAndGradient(env, params, grads);
      int episodes = 0;
      double sum = 0;
      for (int u = 0; u < numUnits; u++) {
        UnitTrajectory traj = units.lastTrajectory(u);
        ReturnTracker.Episodes e = trackers[u].record(traj.rewards(), traj.dones(), 20);
        assertEquals(e.count(), stats.episodesPerUnit()[u], "call " + call + " unit " + u);
        assertEquals(e.sum(), stats.returnSumPerUnit()[u], 1e-9, "call " + call + " unit " + u);
        episodes += e.count();
        sum += e.sum();
      }
      assertEquals(episodes, stats.episodesFinished());
      assertEquals(sum, stats.returnSum(), 1e-9);
      assertEquals(numUnits * 20L, stats.envSteps());
      totalEpisodes += episodes;
    }
    assertTrue(totalEpisodes >= numUnits * 4, "episodes of at most 50 steps must end: " + totalEpisodes);
  }
}
