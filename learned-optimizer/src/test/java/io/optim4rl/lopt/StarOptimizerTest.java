package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.params.ParamLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** STAR as an agent optimizer and as an engine: agreement of the two, immutability, resets, NaN propagation. */
class StarOptimizerTest {

  private static final ParamLayout AGENT = StarTestSupport.layout("w", new long[] {4, 6}, "b", new long[] {6},
      "v", new long[] {6, 1});

  @Test
  void engineUpdatesEqualTheAgentOptimizerPerUnitAndResetsRestartTheState() {
    MetaParams mp = StarTestSupport.metaParams(2, false);
    int p = (int) AGENT.numParams();
    int units = 3;
    double lr = 3e-3;
    StarEngine engine = new StarEngine(mp, AGENT, null, units * p, 2, lr, 0.4);
    StarOptimizer opt = StarOptimizer.of(mp, lr, AGENT);
    StarState[] states = new StarState[units];
    for (int u = 0; u < units; u++) {
      states[u] = opt.init(Nd4j.zeros(p));
    }
    SplittableRandom rng = new SplittableRandom(4);
    float[] update = new float[units * p];
    for (int it = 0; it < 3; it++) {
      if (it == 2) {
        engine.resetHidden(p, 2 * p); // unit 1 restarts
        states[1] = opt.init(Nd4j.zeros(p));
      }
      for (int k = 0; k < 2; k++) {
        float[] g = StarTestSupport.floats(units * p, 0.5, rng);
        float[] params = StarTestSupport.floats(units * p, 0.3, rng);
        engine.forward(k, g, params, update);
        for (int u = 0; u < units; u++) {
          double[] gu = new double[p];
          double[] pu = new double[p];
          for (int c = 0; c < p; c++) {
            gu[c] = (float) Math.max(-0.4, Math.min(0.4, g[u * p + c])); // the engine clips (to float)
            pu[c] = params[u * p + c];
          }
          Optimizer.Step<StarState> s = opt.update(Nd4j.createFromArray(gu), states[u], Nd4j.createFromArray(pu));
          states[u] = s.state();
          double[] expected = s.update().toDoubleVector();
          for (int c = 0; c < p; c++) {
            assertEquals((float) expected[c], update[u * p + c], 0f, "it " + it + " k " + k + " unit " + u);
          }
        }
      }
      engine.endIteration();
    }
    assertEquals(6, states[0].iteration());
    assertEquals(2, states[1].iteration());
    assertThrows(UnsupportedOperationException.class, () -> engine.forward(0, new float[units * p], update));
    assertThrows(IllegalArgumentException.class, () -> engine.resetHidden(1, p));
  }

  @Test
  void freshStarMakesSmallFiniteUpdatesAndDoesNotMutateItsArguments() {
    MetaParams mp = MetaParams.init(LearnedOptimizerKind.STAR, new int[0], new SplittableRandom(8));
    StarOptimizer opt = StarOptimizer.of(mp, 1e-3, AGENT);
    int p = (int) AGENT.numParams();
    INDArray params = Nd4j.rand(DataType.FLOAT, p);
    INDArray grad = Nd4j.rand(DataType.FLOAT, p).subi(0.5);
    INDArray gradCopy = grad.dup();
    StarState s0 = opt.init(params);
    Optimizer.Step<StarState> s1 = opt.update(grad, s0, params);
    assertEquals(gradCopy, grad);
    assertEquals(0, s0.iteration());
    assertEquals(0.0, s0.momentum(0, 3), 0.0);
    assertEquals(DataType.FLOAT, s1.update().dataType());
    double[] u = s1.update().toDoubleVector();
    for (double x : u) {
      // |step| = |out0| lr e^(1e-3 out1) with |out0| of order 1; nominal ~ 1e-3 * (adam feats ~ 0.1 to 3)
      assertTrue(Double.isFinite(x) && Math.abs(x) < 0.05, "update " + x);
    }
    assertTrue(s1.state().momentum(0, 3) != 0.0);
    assertThrows(IllegalArgumentException.class, () -> opt.init(Nd4j.zeros(p + 1)));
  }

  @Test
  void nonFiniteGradientsGiveNonFiniteUpdatesAndMetaGradients() {
    MetaParams mp = StarTestSupport.metaParams(3, false);
    int p = (int) AGENT.numParams();
    StarEngine engine = new StarEngine(mp, AGENT, null, 2 * p, 2, 1e-3, -1);
    SplittableRandom rng = new SplittableRandom(5);
    float[] update = new float[2 * p];
    float[] g0 = StarTestSupport.floats(2 * p, 0.5, rng);
    g0[p + 3] = Float.NaN; // unit 1 diverged
    engine.forward(0, g0, StarTestSupport.floats(2 * p, 0.3, rng), update);
    engine.forward(1, StarTestSupport.floats(2 * p, 0.5, rng), StarTestSupport.floats(2 * p, 0.3, rng), update);
    double[][] mg = engine.metaGradients(StarTestSupport.floats(2 * p, 1, rng), 2, p);
    for (double x : mg[0]) {
      assertTrue(Double.isFinite(x), "unit 0 is unaffected");
    }
    boolean anyNaN = false;
    for (double x : mg[1]) {
      anyNaN |= !Double.isFinite(x);
    }
    assertTrue(anyNaN, "unit 1's meta-gradient is not finite");
    assertFalse(Float.isFinite(update[p + 3]));
    float[] unit0 = java.util.Arrays.copyOf(update, p);
    for (float x : unit0) {
      assertTrue(Float.isFinite(x));
    }
  }
}
