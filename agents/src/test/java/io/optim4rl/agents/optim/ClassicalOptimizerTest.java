package io.optim4rl.agents.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Invariants of the classical optimizers and their gradient preprocessing (REFERENCE 4.1, Appendix C). */
class ClassicalOptimizerTest {

  private static final double LR = 1e-3;
  /** Relative tolerance for float32 arithmetic. */
  private static final double FLOAT_TOL = 1e-6;

  @Test
  void adamFirstStepHasMagnitudeLrWhereGradientIsNonzeroAndExactZeroElsewhere() {
    double[] g = {3.0, -1e-2, 0.0, 250.0, -7.5, 0.0, 1e-3};
    AdamOptimizer adam = AdamOptimizer.of(LR);
    INDArray gradient = Nd4j.createFromArray(g);
    double[] update = adam.update(gradient, adam.init(gradient), gradient).update().toDoubleVector();
    for (int i = 0; i < g.length; i++) {
      if (g[i] == 0) {
        assertTrue(update[i] == 0.0, "zero gradient must give exactly zero update at " + i);
      } else {
        // |update| = lr |g| / (|g| + eps): lr up to a relative 1e-8 / |g|.
        assertEquals(LR, Math.abs(update[i]), LR * 1e-8 / Math.abs(g[i]) * 1.01, "coordinate " + i);
        assertEquals(-Math.signum(g[i]), Math.signum(update[i]), "direction at " + i);
      }
    }
  }

  @Test
  void zeroGradientGivesExactlyZeroUpdateForEveryOptimizer() {
    INDArray zero = Nd4j.zeros(DataType.FLOAT, 6);
    for (String name : Optimizers.classical().names()) {
      Optimizer<?> opt = Optimizers.create(OptimizerSpec.of(name, LR));
      assertAllZero(name, firstTwoUpdates(opt, zero));
    }
  }

  private static <S> INDArray firstTwoUpdates(Optimizer<S> opt, INDArray g) {
    S state = opt.init(g);
    Optimizer.Step<S> step = opt.update(g, state, g);
    return opt.update(g, step.state(), g).update();
  }

  private static void assertAllZero(String what, INDArray a) {
    for (double v : a.toDoubleVector()) {
      assertTrue(v == 0.0, what + ": expected exact zero, got " + v);
    }
  }

  @Test
  void sgdIsMinusLrTimesGradient() {
    INDArray g = Nd4j.createFromArray(1.0, -2.0, 0.5);
    SgdOptimizer sgd = SgdOptimizer.of(0.1);
    assertArrayEquals(new double[] {-0.1, 0.2, -0.05}, sgd.update(g, sgd.init(g), g).update().toDoubleVector(), 1e-15);
  }

  @Test
  void updateDoesNotMutateArgumentsOrPreviousState() {
    INDArray g = Nd4j.createFromArray(0.5f, -2f, 0f, 1e-3f);
    INDArray params = Nd4j.createFromArray(1f, 2f, 3f, 4f);
    INDArray gCopy = g.dup();
    INDArray paramsCopy = params.dup();
    Optimizer<AdamOptimizer.State> adam = ClippedOptimizer.wrap(AdamOptimizer.of(LR), GradientClipping.of(1.0, -1));
    AdamOptimizer.State s0 = adam.init(params);
    AdamOptimizer.State s1 = adam.update(g, s0, params).state();
    INDArray m1 = s1.m().dup();
    adam.update(g, s1, params);
    assertEquals(gCopy, g);
    assertEquals(paramsCopy, params);
    assertEquals(m1, s1.m());
    assertEquals(0.0, s0.m().sumNumber().doubleValue());
    assertEquals(DataType.FLOAT, s1.m().dataType());
  }

  @Test
  void floatRmsPropMatchesDoubleFormula() {
    double[] g = {0.5, -2.0, 0.0, 1e-3};
    RmsPropOptimizer rms = RmsPropOptimizer.of(LR);
    INDArray gf = Nd4j.createFromArray(g).castTo(DataType.FLOAT);
    double[] u = rms.update(gf, rms.init(gf), gf).update().toDoubleVector();
    for (int i = 0; i < g.length; i++) {
      double expected = -LR * g[i] / Math.sqrt(0.1 * g[i] * g[i] + 1e-8);
      assertEquals(expected, u[i], FLOAT_TOL * Math.abs(expected) + 1e-12, "coordinate " + i);
    }
  }

  @Test
  void gradClipWinsOverGradNormAndNonPositiveDisables() {
    assertEquals(GradientClipping.Mode.ELEMENTWISE, GradientClipping.of(1.0, 0.5).mode());
    assertEquals(GradientClipping.Mode.GLOBAL_NORM, GradientClipping.of(-1, 0.5).mode());
    assertEquals(GradientClipping.Mode.NONE, GradientClipping.of(-1, -1).mode());
    assertEquals(GradientClipping.Mode.NONE, GradientClipping.of(0, 0).mode());
    AdamOptimizer adam = AdamOptimizer.of(LR);
    assertSame(adam, ClippedOptimizer.wrap(adam, GradientClipping.none()));
  }

  @Test
  void globalNormClipScalesToThresholdOnlyAboveIt() {
    INDArray big = Nd4j.createFromArray(3.0, 4.0);
    assertArrayEquals(new double[] {0.3, 0.4}, GradientClipping.of(-1, 0.5).apply(big).toDoubleVector(), 1e-15);
    INDArray small = Nd4j.createFromArray(0.3, 0.2);
    assertSame(small, GradientClipping.of(-1, 0.5).apply(small));
    assertArrayEquals(new double[] {0.5, -0.5, 0.2},
        GradientClipping.of(0.5, -1).apply(Nd4j.createFromArray(3.0, -4.0, 0.2)).toDoubleVector(), 0);
  }

  @Test
  void factoryIsCaseInsensitiveAndAppliesPreprocessing() {
    Optimizer<?> opt = Optimizers.create(new OptimizerSpec("Adam", LR, 1.0, -1));
    assertEquals("adam", opt.name());
    assertTrue(opt instanceof ClippedOptimizer<?> c && c.clipping().mode() == GradientClipping.Mode.ELEMENTWISE);
    assertTrue(Optimizers.create(OptimizerSpec.of("RMSPROP", LR)) instanceof RmsPropOptimizer);
    assertTrue(Optimizers.create(OptimizerSpec.of("sgd", LR)) instanceof SgdOptimizer);
  }

  @Test
  void unknownNameListsAllowedNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Optimizers.create(OptimizerSpec.of("adamw", LR)));
    assertTrue(e.getMessage().contains("adamw") && e.getMessage().contains("sgd, rmsprop, adam"), e.getMessage());
  }

  @Test
  void registryIsExtensibleWithoutChangingTheClassicalOne() {
    Optimizers extended = Optimizers.classical().with("Half_SGD", spec -> SgdOptimizer.of(spec.learningRate() / 2));
    assertTrue(extended.build(OptimizerSpec.of("half_sgd", LR)) instanceof SgdOptimizer);
    assertTrue(!Optimizers.classical().names().contains("half_sgd"));
    assertThrows(IllegalArgumentException.class, () -> extended.with("ADAM", spec -> AdamOptimizer.of(1)));
  }

  @Test
  void specValidationNamesTheProblem() {
    assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.of(" ", LR));
    IllegalArgumentException lr = assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.of("adam", 0));
    assertTrue(lr.getMessage().contains("learningRate"), lr.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.of("adam", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec("adam", LR, Double.NaN, -1));
    assertThrows(IllegalArgumentException.class, () -> AdamOptimizer.of(LR, 1.0, 0.999, 1e-8));
    assertThrows(IllegalArgumentException.class, () -> RmsPropOptimizer.of(LR, 0.9, -1));
  }
}
