package io.optim4rl.agents.nets;

import static io.optim4rl.agents.testing.NetFixtures.dot;
import static io.optim4rl.agents.testing.NetFixtures.flat;
import static io.optim4rl.agents.testing.NetFixtures.gaussians;
import static io.optim4rl.agents.testing.NetFixtures.matrix;
import static io.optim4rl.agents.testing.NetFixtures.pick;
import static io.optim4rl.agents.testing.NetFixtures.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optim4rl.agents.testing.FiniteDifferences;
import io.optim4rl.agents.testing.Golden;
import io.optim4rl.agents.testing.NetFixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Whole-network backward passes against central differences in DOUBLE (eps 1e-6, relative tolerance
 * 1e-3), for the objective {@code S = sum(c * logits) + sum(c' * values)} with random c, c', random
 * parameters and random sparse 0/1 observations; 200 parameter indices covering every tensor. Also the
 * FLOAT path against DOUBLE and a batch against its rows one at a time.
 */
class NetGradientCheckTest {

  private static final int ROWS = 6;
  private static final int INDICES = 200;

  /** One net per architecture; the conv one small (the cost of a check is per ND4J call, not size). */
  static Stream<ActorCriticNet> nets() {
    return Stream.of(
        Nets.forTask("small_dense_short", new int[] {3, 6, 8}, 9),
        Nets.forTask("catch", new int[] {10, 5, 1}, 3),
        Nets.forTask("big_tiny", new int[] {3, 4, 5}, 4));
  }

  /** {@link #nets()} plus a full-size C16_D32. */
  static Stream<ActorCriticNet> allSizes() {
    return Stream.concat(nets(), Stream.of(Nets.forTask("big_sparse_short", new int[] {5, 12, 14}, 9)));
  }

  private static int obsSize(ActorCriticNet net) {
    int n = 1;
    for (int d : net.observationShape()) {
      n *= d;
    }
    return n;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nets")
  void backwardMatchesFiniteDifferences(ActorCriticNet net) {
    double[] params = NetFixtures.randomParams(net, 31);
    int a = net.numActions();
    INDArray obs = matrix(NetFixtures.sparseObservations(ROWS, obsSize(net), 0.15, 32), ROWS, obsSize(net));
    double[] c = gaussians(ROWS * a, 33);
    double[] cv = gaussians(ROWS, 34);
    INDArray p = vector(params);
    ActorCriticNet.Forward fwd = net.forward(p, obs);
    double[] analytic = flat(net.backward(p, fwd, matrix(c, ROWS, a), vector(cv)));
    assertEquals(net.layout().numParams(), analytic.length);

    int[] indices = NetFixtures.sampleIndices(net.layout(), INDICES, 8, 35);
    double[] numeric = FiniteDifferences.gradient(theta -> {
      ActorCriticNet.Forward f = net.forward(vector(theta), obs);
      return dot(c, flat(f.logits())) + dot(cv, flat(f.values()));
    }, params, indices);
    FiniteDifferences.assertAgree(net.name() + " dS/dtheta", pick(analytic, indices), numeric,
        FiniteDifferences.NETWORK_TOL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allSizes")
  void floatAgreesWithDoubleAndBatchesWithSingleRows(ActorCriticNet net) {
    double[] params = NetFixtures.randomParams(net, 41);
    int a = net.numActions();
    INDArray obs = matrix(NetFixtures.sparseObservations(ROWS, obsSize(net), 0.15, 42), ROWS, obsSize(net));
    INDArray dl = matrix(gaussians(ROWS * a, 43), ROWS, a);
    INDArray dv = vector(gaussians(ROWS, 44));
    INDArray p = vector(params);
    ActorCriticNet.Forward fwd = net.forward(p, obs);
    double[] grad = flat(net.backward(p, fwd, dl, dv));

    DataType fl = DataType.FLOAT;
    INDArray pf = p.castTo(fl);
    ActorCriticNet.Forward fwdF = net.forward(pf, obs.castTo(fl));
    assertEquals(fl, fwdF.logits().dataType());
    INDArray gradF = net.backward(pf, fwdF, dl.castTo(fl), dv.castTo(fl));
    assertEquals(fl, gradF.dataType());
    Golden.assertClose("float logits", flat(fwd.logits()), flat(fwdF.logits()), 1e-4);
    Golden.assertClose("float values", flat(fwd.values()), flat(fwdF.values()), 1e-4);
    Golden.assertClose("float gradient", grad, flat(gradF), 1e-3);

    for (int r = 0; r < ROWS; r += ROWS - 1) {
      INDArray row = obs.getRow(r, true).dup();
      ActorCriticNet.Forward one = net.forward(p, row);
      double[] all = flat(fwd.logits());
      double[] expected = java.util.Arrays.copyOfRange(all, r * a, (r + 1) * a);
      Golden.assertClose("row " + r + " logits", expected, flat(one.logits()));
      Golden.assertClose("row " + r + " value", new double[] {flat(fwd.values())[r]},
          flat(one.values()));
    }
  }
}
