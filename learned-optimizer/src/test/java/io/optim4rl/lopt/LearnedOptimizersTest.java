package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.optim.ClippedOptimizer;
import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.optim.OptimizerSpec;
import io.optim4rl.agents.optim.Optimizers;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learned optimizers as agent {@link Optimizer}s with frozen meta-parameters (REFERENCE 4.6,
 * Appendix C): sign-like updates of magnitude about lr at initialisation, exact zeros where the
 * gradient is 0 (Optim4RL, L2LGD2), agreement with the double reference over several steps, immutable
 * state, and construction through the registry with gradient clipping.
 */
class LearnedOptimizersTest {

  private static final double LR = 0.003;
  private static final int N = 1000;

  @Test
  void freshOptim4RlIsSignLikeWithMagnitudeAboutLr() {
    for (int[] dims : new int[][] {{16, 16}, {}}) {
      MetaParams phi = MetaParams.init(LearnedOptimizerKind.OPTIM4RL, dims, new SplittableRandom(11));
      Optimizer<LearnedOptimizerState> opt = Optim4RlOptimizer.of(phi, LR);
      double[] g = gradients(new SplittableRandom(2));
      INDArray params = Nd4j.zeros(DataType.FLOAT, N);
      LearnedOptimizerState state = opt.init(params);
      double[] ratios = new double[N];
      int m = 0;
      for (int step = 0; step < 3; step++) {
        Optimizer.Step<LearnedOptimizerState> s = opt.update(Nd4j.createFromArray(g).castTo(DataType.FLOAT), state, params);
        double[] u = s.update().toDoubleVector();
        state = s.state();
        m = 0;
        for (int c = 0; c < N; c++) {
          if (g[c] == 0) {
            assertEquals(0.0, u[c], 0.0, "update where g == 0, coordinate " + c);
          } else {
            assertEquals(-Math.signum(g[c]), Math.signum(u[c]), "sign of the update, coordinate " + c);
            ratios[m++] = Math.abs(u[c]) / LR;
          }
        }
      }
      double[] r = Arrays.copyOf(ratios, m);
      Arrays.sort(r);
      double median = r[m / 2];
      assertTrue(median > 0.3 && median < 3, "median |update| / lr = " + median + " for mlpDims " + Arrays.toString(dims));
      assertTrue(r[0] > 0.02 && r[m - 1] < 50, "|update| / lr in [" + r[0] + ", " + r[m - 1] + "]");
    }
  }

  @Test
  void l2lGd2UpdateIsExactlyZeroWhereTheGradientIsZero() {
    MetaParams phi = MetaParams.init(LearnedOptimizerKind.L2L_GD2, new int[0], new SplittableRandom(4));
    Optimizer<LearnedOptimizerState> opt = ReferenceRouteOptimizer.of(phi, LR);
    double[] g = gradients(new SplittableRandom(8));
    INDArray params = Nd4j.zeros(DataType.DOUBLE, N);
    double[] u = opt.update(Nd4j.createFromArray(g), opt.init(params), params).update().toDoubleVector();
    for (int c = 0; c < N; c++) {
      if (g[c] == 0) {
        assertEquals(0.0, u[c], 0.0, "coordinate " + c);
      } else {
        assertEquals(-Math.signum(g[c]), Math.signum(u[c]), "coordinate " + c);
      }
    }
  }

  @Test
  void optimizersFollowTheReferenceOverSeveralSteps() {
    SplittableRandom rng = new SplittableRandom(21);
    for (LearnedOptimizerKind kind : LearnedOptimizerKind.values()) {
      if (!kind.coordinateWise()) {
        continue; // STAR: StarOptimizerTest
      }
      MetaParams phi = KernelFixtures.randomBiases(MetaParams.init(kind, new int[] {16, 16}, rng), rng);
      Optimizer<LearnedOptimizerState> opt = LearnedOptimizers.create(phi, LR);
      int n = 37;
      double[][] g = new double[4][n];
      for (double[] row : g) {
        for (int c = 1; c < n; c++) {
          row[c] = (float) (0.5 * rng.nextGaussian()); // float-representable: the optimizer sees floats
        }
      }
      ReferenceUnroll.Result ref = ReferenceUnroll.run(phi, null, g, new double[n], LR);
      INDArray params = Nd4j.zeros(DataType.DOUBLE, n);
      LearnedOptimizerState state = opt.init(params);
      for (int k = 0; k < g.length; k++) {
        Optimizer.Step<LearnedOptimizerState> s = opt.update(Nd4j.createFromArray(g[k]), state, params);
        KernelAgreementTest.assertClose(kind + " update step " + k, ref.updates()[k], s.update().toDoubleVector());
        state = s.state();
        assertEquals(k + 1, state.iteration());
      }
    }
  }

  @Test
  void updateNeitherMutatesItsArgumentsNorTheOldState() {
    MetaParams phi = MetaParams.init(LearnedOptimizerKind.OPTIM4RL, new int[] {16, 16}, new SplittableRandom(1));
    Optimizer<LearnedOptimizerState> opt = Optim4RlOptimizer.of(phi, LR);
    INDArray params = Nd4j.rand(DataType.FLOAT, 2, 50);
    INDArray grad = Nd4j.rand(DataType.FLOAT, 2, 50).subi(0.5);
    INDArray gradCopy = grad.dup();
    LearnedOptimizerState s0 = opt.init(params);
    Optimizer.Step<LearnedOptimizerState> s1 = opt.update(grad, s0, params);
    assertEquals(gradCopy, grad);
    assertArrayEquals(new float[HiddenLayout.size(100, 16)], s0.hidden());
    assertArrayEquals(new long[] {2, 50}, s1.update().shape());
    assertEquals(DataType.FLOAT, s1.update().dataType());
    assertNotEquals(0f, s1.state().hidden()[0]);
    float[] h1 = s1.state().hidden();
    h1[0] = 42f; // a copy: the state is unchanged
    assertNotEquals(42f, s1.state().hidden()[0]);
  }

  @Test
  void registryBuildsLearnedOptimizersWithClipping() {
    SplittableRandom rng = new SplittableRandom(6);
    Optimizers registry = LearnedOptimizers.register(Optimizers.classical(),
        MetaParams.init(LearnedOptimizerKind.OPTIM4RL, new int[] {16, 16}, rng),
        MetaParams.init(LearnedOptimizerKind.LINEAR_OPTIM, new int[0], rng),
        MetaParams.init(LearnedOptimizerKind.L2L_GD2, new int[0], rng));
    assertTrue(registry.names().containsAll(java.util.List.of("adam", "optim4rl", "linearoptim", "l2lgd2")));
    Optimizer<?> clipped = registry.build(new OptimizerSpec("Optim4RL", LR, 1.0, -1));
    assertInstanceOf(ClippedOptimizer.class, clipped);
    assertInstanceOf(Optim4RlOptimizer.class, ((ClippedOptimizer<?>) clipped).inner());
    assertEquals(LR, ((Optim4RlOptimizer) ((ClippedOptimizer<?>) clipped).inner()).learningRate());
    assertEquals(LearnedOptimizerKind.L2L_GD2,
        assertInstanceOf(ReferenceRouteOptimizer.class, registry.build(OptimizerSpec.of("l2lgd2", LR))).metaParams().kind());
    assertEquals(LearnedOptimizerKind.LINEAR_OPTIM, assertInstanceOf(ReferenceRouteOptimizer.class,
        registry.build(OptimizerSpec.of("LinearOptim", LR))).metaParams().kind());
    assertThrows(IllegalArgumentException.class, () -> ReferenceRouteOptimizer.of(
        MetaParams.init(LearnedOptimizerKind.OPTIM4RL, new int[0], new SplittableRandom(1)), LR));
    // a clipped gradient beyond the clip gives the same update as the clip value itself
    Optimizer<Object> opt = cast(clipped);
    INDArray params = Nd4j.zeros(DataType.DOUBLE, 2);
    double[] big = opt.update(Nd4j.createFromArray(5.0, -7.0), opt.init(params), params).update().toDoubleVector();
    double[] atClip = opt.update(Nd4j.createFromArray(1.0, -1.0), opt.init(params), params).update().toDoubleVector();
    assertArrayEquals(atClip, big, 0.0);
  }

  @SuppressWarnings("unchecked")
  private static Optimizer<Object> cast(Optimizer<?> o) {
    return (Optimizer<Object>) o;
  }

  /** 10% exact zeros, the rest normal with scale 0.1. */
  private static double[] gradients(SplittableRandom rng) {
    double[] g = new double[N];
    for (int c = 0; c < N; c++) {
      g[c] = rng.nextDouble() < 0.1 ? 0 : 0.1 * rng.nextGaussian();
    }
    return g;
  }
}
