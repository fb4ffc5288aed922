package io.optim4rl.agents.a2c;

import static io.optim4rl.agents.testing.NetFixtures.flat;
import static io.optim4rl.agents.testing.NetFixtures.matrix;
import static io.optim4rl.agents.testing.NetFixtures.pick;
import static io.optim4rl.agents.testing.NetFixtures.vector;

import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.agents.nets.Nets;
import io.optim4rl.agents.testing.FiniteDifferences;
import io.optim4rl.agents.testing.NetFixtures;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The full A2C gradient (loss of REFERENCE 3.2 through each network's backward) against central
 * differences of the total loss in DOUBLE, with the lambda-return targets and the actor's advantages
 * held fixed (they are stop-gradient in the reference).
 */
class A2cLossThroughNetsTest {

  private static final int T = 3;
  private static final int B = 2;
  /**
   * Parameter indices checked, at least 6 per tensor; fewer than the nets' own check (200), which
   * already covers the backward pass: this one checks the wiring of the loss derivatives.
   */
  private static final int INDICES = 80;

  static Stream<ActorCriticNet> nets() {
    return Stream.of(
        Nets.forTask("small_dense_long", new int[] {3, 8, 6}, 9),
        Nets.forTask("catch", new int[] {10, 5, 1}, 3),
        Nets.forTask("big_dense_short", new int[] {5, 11, 15}, 9));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nets")
  void a2cGradientMatchesFiniteDifferences(ActorCriticNet net) {
    int a = net.numActions();
    int size = obsSize(net);
    int rows = (T + 1) * B;
    INDArray obs = matrix(NetFixtures.sparseObservations(rows, size, 0.1, 51), rows, size);
    double[] params = NetFixtures.randomParams(net, 52);
    SplittableRandom rng = new SplittableRandom(53);
    int[] actions = new int[T * B];
    float[] rewards = new float[T * B];
    boolean[] dones = new boolean[T * B];
    for (int i = 0; i < T * B; i++) {
      actions[i] = rng.nextInt(a);
      rewards[i] = (float) rng.nextGaussian();
      dones[i] = i == 2;
    }
    A2cLoss.Hyper h = A2cLoss.Hyper.defaults();
    ActorCriticNet.Forward fwd = net.forward(vector(params), obs);
    A2cLoss.Result loss = A2cLoss.evaluate(flat(fwd.logits()), flat(fwd.values()), actions, rewards,
        dones, T, B, a, h);
    double[] analytic = flat(net.backward(vector(params), fwd, matrix(loss.dLogits(), rows, a),
        vector(loss.dValues())));

    int[] indices = NetFixtures.sampleIndices(net.layout(), INDICES, 6, 54);
    double[] numeric = FiniteDifferences.gradient(theta -> {
      ActorCriticNet.Forward f = net.forward(vector(theta), obs);
      return A2cLoss.evaluateWithTargets(flat(f.logits()), flat(f.values()), actions, loss.returns(),
          loss.advantages(), T, B, a, h).total();
    }, params, indices);
    FiniteDifferences.assertAgree(net.name() + " dL/dtheta", pick(analytic, indices), numeric,
        FiniteDifferences.NETWORK_TOL);
  }

  private static int obsSize(ActorCriticNet net) {
    int n = 1;
    for (int d : net.observationShape()) {
      n *= d;
    }
    return n;
  }
}
