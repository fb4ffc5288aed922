package io.optim4rl.agents.a2c;

import static io.optim4rl.agents.testing.NetFixtures.flat;
import static io.optim4rl.agents.testing.NetFixtures.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.optim4rl.agents.nets.DenseActorCriticNet;
import io.optim4rl.agents.testing.Golden;
import io.optim4rl.agents.testing.GoldenParams;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link A2cGradient} (forward, loss, backward glued together) on the fixed D32 trajectory of
 * {@code golden/a2c_loss_d32.json}: one env reproduces the golden gradient; the same trajectory laid out
 * time-major for two identical envs gives the same (env-averaged) gradient.
 */
class A2cGradientTest {

  private static final JsonNode FILE = Golden.load("a2c_loss_d32.json");

  @Test
  void reproducesGoldenGradientForOneEnvAndAveragesOverEnvs() {
    int[] shape = Golden.ints(FILE.get("network").get("observation_shape"));
    DenseActorCriticNet net = DenseActorCriticNet.d32(shape, FILE.get("network").get("num_actions").asInt());
    INDArray params = vector(GoldenParams.sineFill(FILE.get("param_fill"), net.layout()));
    JsonNode trajectory = FILE.get("trajectory");
    int steps = trajectory.get("T").asInt();
    double[] expectedTotal = {FILE.get("expected").get("loss_total").asDouble()};
    double[] expected = expectedGradient(net);

    A2cGradient.Result one = compute(net, params, trajectory, steps, 1);
    Golden.assertClose("total loss, B = 1", expectedTotal, new double[] {one.loss().total()});
    Golden.assertClose("gradient, B = 1", expected, flat(one.agentGradient()));

    A2cGradient.Result two = compute(net, params, trajectory, steps, 2);
    Golden.assertClose("total loss, B = 2", expectedTotal, new double[] {two.loss().total()});
    Golden.assertClose("gradient, B = 2", expected, flat(two.agentGradient()));
    assertEquals(DataType.DOUBLE, two.agentGradient().dataType());
  }

  /** The golden trajectory copied into {@code numEnvs} envs, rows {@code t * B + b}. */
  private static A2cGradient.Result compute(DenseActorCriticNet net, INDArray params, JsonNode trajectory,
      int steps, int numEnvs) {
    int[] shape = net.observationShape();
    int size = net.observationSize();
    int planeSize = shape[1] * shape[2];
    double[] obs = new double[(steps + 1) * numEnvs * size];
    int[] actionsOne = Golden.ints(trajectory.get("actions"));
    double[] rewardsOne = Golden.doubles(trajectory.get("rewards"));
    double[] donesOne = Golden.doubles(trajectory.get("dones"));
    int[] actions = new int[steps * numEnvs];
    float[] rewards = new float[steps * numEnvs];
    boolean[] dones = new boolean[steps * numEnvs];
    for (int t = 0; t <= steps; t++) {
      for (int b = 0; b < numEnvs; b++) {
        int row = t * numEnvs + b;
        for (int p = 0; p < shape[0]; p++) {
          for (JsonNode k : trajectory.get("observations").get(t).get(p)) {
            obs[row * size + p * planeSize + k.asInt()] = 1.0;
          }
        }
        if (t < steps) {
          actions[row] = actionsOne[t];
          rewards[row] = (float) rewardsOne[t];
          dones[row] = donesOne[t] != 0;
        }
      }
    }
    INDArray rows = Nd4j.create(obs, new long[] {(long) (steps + 1) * numEnvs, size});
    return A2cGradient.compute(net, params, rows, actions, rewards, dones, steps, numEnvs, A2cLoss.Hyper.defaults());
  }

  private static double[] expectedGradient(DenseActorCriticNet net) {
    double[] flat = new double[Math.toIntExact(net.layout().numParams())];
    JsonNode g = FILE.get("expected").get("gradient");
    net.layout().tensors().forEach(t -> {
      double[] v = Golden.doubles(g.get(t.name()));
      System.arraycopy(v, 0, flat, Math.toIntExact(t.offset()), v.length);
    });
    return flat;
  }
}
