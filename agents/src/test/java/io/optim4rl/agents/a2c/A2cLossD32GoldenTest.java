package io.optim4rl.agents.a2c;

import static io.optim4rl.agents.testing.NetFixtures.flat;
import static io.optim4rl.agents.testing.NetFixtures.matrix;
import static io.optim4rl.agents.testing.NetFixtures.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.optim4rl.agents.nets.DenseActorCriticNet;
import io.optim4rl.agents.testing.Golden;
import io.optim4rl.agents.testing.GoldenParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * D32 on small_dense_short with the A2C loss against {@code golden/a2c_loss_d32.json} (float64,
 * REFERENCE 2 and 3.2): forward outputs, lambda-returns, the loss terms and the full gradient of the
 * total loss for all six tensors.
 */
class A2cLossD32GoldenTest {

  private static JsonNode expected;
  private static DenseActorCriticNet net;
  private static DenseActorCriticNet.DenseForward forward;
  private static A2cLoss.Result loss;
  private static double[] gradient;

  @BeforeAll
  static void run() {
    JsonNode file = Golden.load("a2c_loss_d32.json");
    expected = file.get("expected");
    int[] shape = Golden.ints(file.get("network").get("observation_shape"));
    int actions = file.get("network").get("num_actions").asInt();
    net = DenseActorCriticNet.d32(shape, actions);
    assertEquals(file.get("network").get("num_params").asLong(), net.layout().numParams());
    INDArray params = vector(GoldenParams.sineFill(file.get("param_fill"), net.layout()));

    JsonNode trajectory = file.get("trajectory");
    int steps = trajectory.get("T").asInt();
    JsonNode observations = trajectory.get("observations");
    assertEquals(steps + 1, observations.size());
    int size = net.observationSize();
    int planeSize = shape[1] * shape[2];
    double[] obs = new double[(steps + 1) * size];
    for (int t = 0; t <= steps; t++) {
      for (int p = 0; p < shape[0]; p++) {
        for (JsonNode k : observations.get(t).get(p)) {
          obs[t * size + p * planeSize + k.asInt()] = 1.0;
        }
      }
    }
    forward = net.forward(params, matrix(obs, steps + 1, size));
    double[] rewardsD = Golden.doubles(trajectory.get("rewards"));
    float[] rewards = new float[steps];
    for (int t = 0; t < steps; t++) {
      rewards[t] = (float) rewardsD[t];
      assertEquals(rewardsD[t], rewards[t], 0.0, "rewards must be exact in float");
    }
    loss = A2cLoss.evaluate(flat(forward.logits()), flat(forward.values()),
        Golden.ints(trajectory.get("actions")), rewards,
        LambdaReturnsTest.bools(Golden.doubles(trajectory.get("dones"))), steps, 1, actions,
        A2cLoss.Hyper.defaults());
    gradient = flat(net.backward(params, forward, matrix(loss.dLogits(), steps + 1, actions),
        vector(loss.dValues())));
  }

  @Test
  void forwardMatches() {
    Golden.assertClose("logits", Golden.doubles(expected.get("logits")), flat(forward.logits()));
    Golden.assertClose("values", Golden.doubles(expected.get("values")), flat(forward.values()));
    Golden.assertClose("features", Golden.doubles(expected.get("features")), flat(forward.features()));
  }

  @Test
  void returnsAndPerStepTermsMatch() {
    Golden.assertClose("G", Golden.doubles(expected.get("G")), loss.returns());
    Golden.assertClose("delta", Golden.doubles(expected.get("delta")), loss.advantages());
    Golden.assertClose("log pi(a)", Golden.doubles(expected.get("log_prob_of_action")), loss.logProbs());
    Golden.assertClose("entropy", Golden.doubles(expected.get("entropy_per_step")), loss.entropies());
  }

  @Test
  void lossTermsMatch() {
    String[] keys = {"loss_actor", "loss_critic", "loss_entropy", "loss_total"};
    double[] actual = {loss.actorLoss(), loss.criticLoss(), loss.entropyLoss(), loss.total()};
    for (int i = 0; i < keys.length; i++) {
      Golden.assertClose(keys[i], new double[] {expected.get(keys[i]).asDouble()},
          new double[] {actual[i]});
    }
  }

  @Test
  void gradientOfEveryTensorMatches() {
    JsonNode g = expected.get("gradient");
    assertEquals(net.layout().tensors().size(), g.size());
    g.properties().forEach(e -> {
      double[] actual = flat(net.layout().view(vector(gradient), e.getKey()));
      double[] exp = Golden.doubles(e.getValue());
      Golden.assertClose("d total / d " + e.getKey(), exp, actual);
      for (int i = 0; i < exp.length; i++) {
        if (exp[i] == 0.0) {
          assertEquals(0.0, actual[i], "structural zero of " + e.getKey() + " at " + i);
        }
      }
    });
  }
}
