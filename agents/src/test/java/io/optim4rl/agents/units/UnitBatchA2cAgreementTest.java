package io.optim4rl.agents.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.a2c.A2cGradient;
import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.agents.nets.Nets;
import io.optim4rl.agents.testing.NetFixtures;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 unit path against the ND4J nets in DOUBLE: for every unit, the trajectory its rollout
 * produced is fed to {@link A2cGradient#compute} with B = 1 and the unit's parameters; loss and gradient
 * must agree within float tolerance. Parameters have random non-zero biases ({@link NetFixtures}), so the
 * conv net's positive-bias paths (untouched positions with {@code relu(b) > 0}) are exercised too.
 * Three consecutive calls with an SGD step in between, so episodes end inside the checked rollouts.
 *
 * <p>The tolerance is tight for C16_D32: the worst entry (the dense bias gradient, a sum over the 20 rows
 * that cancels to about 1e-4 of its terms) uses 0.75 of it here, and ND4J's own FLOAT path uses 1.4 of it
 * on the same data; the error comes from the float32 forward (delta = G - v loses relative precision).
 */
class UnitBatchA2cAgreementTest {

  /** |float - double| <= REL |double| + ABS_FLOOR max |double gradient|. */
  private static final double REL = 1e-4;
  private static final double ABS_FLOOR = 1e-6;
  private static final int STEPS = 20;
  private static final int CALLS = 3;

  @ParameterizedTest(name = "{0}, {1} units")
  @CsvSource({"small_dense_short, 5", "catch, 5", "big_dense_short, 3", "big_dense_long, 3"})
  void gradientOfEveryUnitMatchesTheNd4jDoublePath(String task, int numUnits) {
    A2cLoss.Hyper hyper = A2cLoss.Hyper.defaults();
    UnitBatchA2c units = new UnitBatchA2c(task, numUnits, hyper, STEPS, 7);
    ActorCriticNet net = Nets.forTask(task);
    int p = units.numParams();
    float[] params = new float[numUnits * p];
    for (int u = 0; u < numUnits; u++) {
      double[] init = NetFixtures.randomParams(net, 100 + u);
      for (int i = 0; i < p; i++) {
        params[u * p + i] = (float) init[i];
      }
    }
    float[] grads = new float[params.length];
    VecEnv env = Tasks.create(task, numUnits, 11, 1.0);
    int dones = 0;
    for (int call = 0; call < CALLS; call++) {
      UnitBatchA2c.Stats stats = units.rolloutAndGradient(env, params, grads);
      for (int u = 0; u < numUnits; u++) {
        UnitTrajectory traj = units.lastTrajectory(u);
        for (boolean d : traj.dones()) {
          dones += d ? 1 : 0;
        }
        A2cGradient.Result expected = nd4jGradient(net, params, u, p, traj, hyper);
        String where = task + " call " + call + " unit " + u;
        assertClose(where + " loss", expected.loss().total(), stats.lossPerUnit()[u], 1e-5);
        assertGradientClose(where, NetFixtures.flat(expected.agentGradient()), grads, u * p);
      }
      for (int i = 0; i < params.length; i++) {
        params[i] -= 0.05f * grads[i];
      }
    }
    assertTrue(dones > 0, "no episode ended in the checked rollouts of " + task);
  }

  private static A2cGradient.Result nd4jGradient(ActorCriticNet net, float[] params, int unit, int p,
      UnitTrajectory traj, A2cLoss.Hyper hyper) {
    double[] theta = new double[p];
    for (int i = 0; i < p; i++) {
      theta[i] = params[unit * p + i];
    }
    int size = traj.observations().length / (STEPS + 1);
    double[] obs = new double[traj.observations().length];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = traj.observations()[i];
    }
    INDArray rows = Nd4j.create(obs, new long[] {STEPS + 1, size});
    return A2cGradient.compute(net, Nd4j.createFromArray(theta), rows, traj.actions(), traj.rewards(),
        traj.dones(), STEPS, 1, hyper);
  }

  private static void assertGradientClose(String where, double[] expected, float[] actual, int offset) {
    double max = 0;
    for (double e : expected) {
      max = Math.max(max, Math.abs(e));
    }
    assertTrue(max > 0, where + ": zero gradient");
    double worst = 0;
    int worstAt = -1;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(actual[offset + i] - expected[i]) / (REL * Math.abs(expected[i]) + ABS_FLOOR * max);
      if (err > worst) {
        worst = err;
        worstAt = i;
      }
    }
    int at = worstAt;
    double maxAbs = max;
    double ratio = worst;
    assertTrue(ratio <= 1, () -> where + ": gradient[" + at + "] = " + actual[offset + at] + ", ND4J double "
        + expected[at] + " (max |g| = " + maxAbs + ", error " + ratio + " x tolerance)");
  }

  private static void assertClose(String what, double expected, double actual, double rel) {
    assertEquals(expected, actual, rel * Math.max(1e-3, Math.abs(expected)), what);
  }
}
