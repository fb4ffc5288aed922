package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The STAR engine's first-order meta-gradient against central finite differences of the same objective,
 * for every one of the 207 meta-parameters (MLP weights and biases, momentum / RMS / Adafactor decays), in
 * double precision: L_u(phi) = sum_k sum_{c in unit u} a[c] update_k[c](phi) over an M-step unroll with the
 * gradients g_k and parameters p_k fixed (first order), starting from the state the engine carried out of a
 * previous outer iteration (a constant: truncation at the iteration boundary). The objective is evaluated
 * with the double-precision {@link StarOptimizer} from that state; two units with different data; agent
 * tensors 2-D, 1-D, 4-D (factored over its two largest axes) and a (5, 1) kernel.
 */
class StarMetaGradientFiniteDifferenceTest {

  private static final ParamLayout AGENT = StarTestSupport.layout("dense.kernel", new long[] {3, 4}, "dense.bias",
      new long[] {5}, "conv.kernel", new long[] {2, 1, 3, 2}, "critic.kernel", new long[] {5, 1});
  private static final int UNITS = 2;
  private static final double LR = 0.05;
  private static final double H = 1e-6;

  @ParameterizedTest
  @CsvSource({"2, 11, false", "3, 12, true", "4, 13, false"})
  void metaGradientMatchesCentralDifferences(int m, long seed, boolean clipOne) {
    MetaParams mp = StarTestSupport.metaParams(seed, clipOne);
    int p = (int) AGENT.numParams();
    int n = UNITS * p;
    SplittableRandom rng = new SplittableRandom(seed * 31);
    float[][][] g = new float[2][m][];
    float[][][] params = new float[2][m][];
    for (int it = 0; it < 2; it++) {
      for (int k = 0; k < m; k++) {
        g[it][k] = StarTestSupport.floats(n, 0.5, rng);
        g[it][k][1] = 0f;
        params[it][k] = StarTestSupport.floats(n, 0.3, rng);
      }
    }
    float[] adjoint = StarTestSupport.floats(n, 1.0, rng);
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      StarEngine engine = new StarEngine(mp, AGENT, pool, n, m, LR, -1);
      engine.resetHidden(0, n);
      float[] update = new float[n];
      for (int it = 0; it < 2; it++) {
        for (int k = 0; k < m; k++) {
          engine.forward(k, g[it][k], params[it][k], update);
        }
        if (it == 0) {
          engine.endIteration();
        }
      }
      double[][] analytic = engine.metaGradients(adjoint, UNITS, p);
      for (int u = 0; u < UNITS; u++) {
        // the state carried into iteration 2, computed with the base meta-parameters
        StarOptimizer base = StarOptimizer.of(mp, LR, AGENT);
        StarState s0 = base.init(Nd4j.zeros(p));
        for (int k = 0; k < m; k++) {
          s0 = base.update(slice(g[0][k], u, p), s0, slice(params[0][k], u, p)).state();
        }
        double[] a = analytic[u];
        double max = 0;
        for (double x : a) {
          max = Math.max(max, Math.abs(x));
        }
        double[] phi = mp.values();
        double[] fd = new double[phi.length];
        for (int i = 0; i < phi.length; i++) {
          double[] plus = phi.clone();
          double[] minus = phi.clone();
          plus[i] += H;
          minus[i] -= H;
          fd[i] = (objective(mp.withValues(plus), s0, g[1], params[1], adjoint, u, p)
              - objective(mp.withValues(minus), s0, g[1], params[1], adjoint, u, p)) / (2 * H);
        }
        for (ParamTensor t : mp.layout().tensors()) {
          for (int j = 0; j < t.size(); j++) {
            int i = (int) t.offset() + j;
            assertEquals(fd[i], a[i], 1e-6 * Math.abs(a[i]) + 1e-7 * max,
                "M " + m + " unit " + u + " " + t.name() + "[" + j + "]");
          }
        }
        // every group is exercised: non-zero gradients for the weights and the unclipped decays
        for (String name : new String[] {"nn.w0", "nn.w1", "nn.w2", "nn.b0", "nn.b2", "momentum_decays",
            "rms_decays", "adafactor_decays"}) {
          ParamTensor t = mp.layout().get(name);
          double norm = 0;
          for (int j = 0; j < t.size(); j++) {
            norm += Math.abs(a[(int) t.offset() + j]);
          }
          assertTrue(norm > 1e-6 * max, name + " has a non-trivial meta-gradient");
        }
        if (clipOne) {
          assertEquals(0.0, a[(int) mp.layout().get("adafactor_decays").offset() + 2], 0.0, "clipped decay");
        }
      }
      // thread count does not change the result
      StarEngine serial = new StarEngine(mp, AGENT, null, n, m, LR, -1);
      for (int it = 0; it < 2; it++) {
        for (int k = 0; k < m; k++) {
          serial.forward(k, g[it][k], params[it][k], update);
        }
        if (it == 0) {
          serial.endIteration();
        }
      }
      double[][] again = serial.metaGradients(adjoint, UNITS, p);
      for (int u = 0; u < UNITS; u++) {
        assertArrayEquals(analytic[u], again[u], 0.0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** sum_k sum_c a[c] update_k[c] of unit u over one unroll from state s0 with meta-parameters mp. */
  private static double objective(MetaParams mp, StarState s0, float[][] g, float[][] params, float[] adjoint, int u,
      int p) {
    StarOptimizer opt = StarOptimizer.of(mp, LR, AGENT);
    StarState s = s0;
    double sum = 0;
    for (int k = 0; k < g.length; k++) {
      Optimizer.Step<StarState> step = opt.update(slice(g[k], u, p), s, slice(params[k], u, p));
      double[] upd = step.update().toDoubleVector();
      for (int c = 0; c < p; c++) {
        sum += adjoint[u * p + c] * upd[c];
      }
      s = step.state();
    }
    return sum;
  }

  private static org.nd4j.linalg.api.ndarray.INDArray slice(float[] x, int u, int p) {
    double[] d = new double[p];
    for (int c = 0; c < p; c++) {
      d[c] = x[u * p + c];
    }
    return Nd4j.createFromArray(d);
  }
}
