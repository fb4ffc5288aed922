package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * STAR's forward against a hand computation written directly from REFERENCE 4.5 in this test (2-D arrays,
 * explicit row and column means, no shared code): the 39 MLP inputs and the update of every element of a
 * 2 x 3 tensor, a 3 x 2 tensor (the other argsort case) and a 1-D tensor over three steps.
 */
class StarFeaturesTest {

  private static final double TOL = 1e-12;
  private static final double[] TAU = {1, 3, 10, 30, 100, 300, 1000, 3000, 1e4, 3e4, 1e5};

  /** The hand-computed state of one tensor (rows x cols; a 1-D tensor is 1 x n). */
  private static final class Hand {
    final int a;
    final int b;
    final boolean twoD;
    final double[][][] m;
    final double[][] rms;
    final double[][] vr; // per decay: 2-D row accumulator (shape without the largest axis); 1-D: v
    final double[][] vc; // per decay: 2-D column accumulator (shape without the second largest axis)

    Hand(long[] shape) {
      twoD = shape.length == 2;
      a = twoD ? (int) shape[0] : 1;
      b = twoD ? (int) shape[1] : (int) shape[0];
      m = new double[3][a][b];
      rms = new double[a][b];
      // (a, b) with a <= b: largest axis 1, v_row indexed by i (mean over j); a > b: v_row indexed by j
      int rowLen = !twoD ? b : (a <= b ? a : b);
      int colLen = !twoD ? 0 : (a <= b ? b : a);
      vr = new double[3][rowLen];
      vc = new double[3][colLen];
    }
  }

  private static double beta(double init, double theta) {
    return 1 - (1 - init) * Math.exp(10 * theta);
  }

  private static double clip(double x) {
    return Math.min(1, Math.max(0, x));
  }

  private static double rsqrt(double x) {
    return 1 / Math.sqrt(x);
  }

  /** One STAR step by hand: returns [element][39 inputs + 1 update] and advances h. */
  private static double[][] handStep(Hand h, double[] phi, ParamLayout ml, double[][] g, double[][] p, long t,
      double lr) {
    int a = h.a;
    int b = h.b;
    double[] mom = new double[3];
    double[] fac = new double[3];
    for (int i = 0; i < 3; i++) {
      mom[i] = beta(new double[] {0.9, 0.99, 0.999}[i], phi[(int) ml.get("momentum_decays").offset() + i]);
      fac[i] = clip(beta(new double[] {0.9, 0.99, 0.999}[i], phi[(int) ml.get("adafactor_decays").offset() + i]));
    }
    double br = clip(beta(0.999, phi[(int) ml.get("rms_decays").offset()]));
    double[][][] f = new double[28][a][b];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        for (int d = 0; d < 3; d++) {
          h.m[d][i][j] = mom[d] * h.m[d][i][j] + (1 - mom[d]) * g[i][j];
        }
        h.rms[i][j] = br * h.rms[i][j] + (1 - br) * g[i][j] * g[i][j];
      }
    }
    for (int d = 0; d < 3; d++) {
      if (h.twoD) {
        boolean rowsByI = a <= b;
        double[] rowMean = new double[rowsByI ? a : b];
        double[] colMean = new double[rowsByI ? b : a];
        for (int i = 0; i < a; i++) {
          for (int j = 0; j < b; j++) {
            double q = g[i][j] * g[i][j] + 1e-30;
            if (rowsByI) { // largest axis is 1 (columns): v_row = mean over j, v_col = mean over i
              rowMean[i] += q / b;
              colMean[j] += q / a;
            } else { // largest axis is 0: v_row = mean over i, v_col = mean over j
              rowMean[j] += q / a;
              colMean[i] += q / b;
            }
          }
        }
        for (int r = 0; r < rowMean.length; r++) {
          h.vr[d][r] = fac[d] * h.vr[d][r] + (1 - fac[d]) * rowMean[r];
        }
        for (int c = 0; c < colMean.length; c++) {
          h.vc[d][c] = fac[d] * h.vc[d][c] + (1 - fac[d]) * colMean[c];
        }
      } else {
        for (int j = 0; j < b; j++) {
          h.vr[d][j] = fac[d] * h.vr[d][j] + (1 - fac[d]) * (g[0][j] * g[0][j] + 1e-30);
        }
      }
    }
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        f[0][i][j] = g[i][j];
        f[1][i][j] = p[i][j];
        f[5][i][j] = h.rms[i][j];
        f[9][i][j] = rsqrt(h.rms[i][j] + 1e-6);
        for (int d = 0; d < 3; d++) {
          double m = h.m[d][i][j];
          f[2 + d][i][j] = m;
          f[6 + d][i][j] = m * rsqrt(h.rms[i][j] + 1e-6);
          if (h.twoD) {
            boolean rowsByI = a <= b;
            double rowMeanOfRows = 0;
            for (double x : h.vr[d]) {
              rowMeanOfRows += x / h.vr[d].length;
            }
            double vrow = h.vr[d][rowsByI ? i : j];
            double vcol = h.vc[d][rowsByI ? j : i];
            double rowFactor = rsqrt(Math.max(vrow / (rowMeanOfRows + 1e-9), 1e-9));
            double colFactor = rsqrt(Math.max(vcol, 1e-9));
            f[10 + d][i][j] = g[i][j] * rowFactor * colFactor;
            f[13 + d][i][j] = vrow;
            f[16 + d][i][j] = vcol;
            f[19 + d][i][j] = rsqrt(vrow + 1e-8);
            f[22 + d][i][j] = rsqrt(vcol + 1e-8);
            f[25 + d][i][j] = m * rowFactor * colFactor;
          } else {
            double v = h.vr[d][j];
            f[10 + d][i][j] = g[i][j] * rsqrt(Math.max(v + 1e-9, 1e-9));
            f[13 + d][i][j] = v;
            f[16 + d][i][j] = v;
            f[19 + d][i][j] = rsqrt(v + 1e-8);
            f[22 + d][i][j] = rsqrt(v + 1e-8);
            f[25 + d][i][j] = m * Math.pow(v + 1e-6, -0.5);
          }
        }
      }
    }
    double[][] out = new double[a * b][40];
    for (int c = 0; c < 28; c++) {
      double ms = 0;
      for (int i = 0; i < a; i++) {
        for (int j = 0; j < b; j++) {
          ms += f[c][i][j] * f[c][i][j] / (a * b);
        }
      }
      for (int i = 0; i < a; i++) {
        for (int j = 0; j < b; j++) {
          out[i * b + j][c] = f[c][i][j] / Math.sqrt(1e-5 + ms);
        }
      }
    }
    int w0 = (int) ml.get("nn.w0").offset();
    int w1 = (int) ml.get("nn.w1").offset();
    int w2 = (int) ml.get("nn.w2").offset();
    int b0 = (int) ml.get("nn.b0").offset();
    int b1 = (int) ml.get("nn.b1").offset();
    int b2 = (int) ml.get("nn.b2").offset();
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        double[] x = out[i * b + j];
        for (int k = 0; k < 11; k++) {
          x[28 + k] = Math.tanh(t / TAU[k] - 1);
        }
        double[] h1 = new double[4];
        double[] h2 = new double[4];
        double[] o = new double[4];
        for (int u = 0; u < 4; u++) {
          double z = phi[b0 + u];
          for (int c = 0; c < 39; c++) {
            z += x[c] * phi[w0 + c * 4 + u];
          }
          h1[u] = Math.max(0, z);
        }
        for (int u = 0; u < 4; u++) {
          double z = phi[b1 + u];
          for (int c = 0; c < 4; c++) {
            z += h1[c] * phi[w1 + c * 4 + u];
          }
          h2[u] = Math.max(0, z);
        }
        for (int u = 0; u < 4; u++) {
          double z = phi[b2 + u];
          for (int c = 0; c < 4; c++) {
            z += h2[c] * phi[w2 + c * 4 + u];
          }
          o[u] = z;
        }
        double step = o[0] * Math.exp(1e-3 * o[1]) * lr;
        double adamMean = (f[6][i][j] + f[7][i][j] + f[8][i][j]) / 3;
        double nominal = 1e-3 * Math.exp(1e-3 * 1) * adamMean;
        x[39] = (p[i][j] - step - nominal) - p[i][j];
      }
    }
    return out;
  }

  @Test
  void inputsAndUpdatesMatchAHandComputationOfTheSpec() {
    ParamLayout agent = StarTestSupport.layout("a", new long[] {2, 3}, "b", new long[] {3, 2}, "c", new long[] {4});
    MetaParams mp = StarTestSupport.metaParams(5, true);
    double lr = 0.01;
    StarCore core = new StarCore(mp, lr);
    StarTensors tensors = StarTensors.of(agent);
    StarOptimizer opt = StarOptimizer.of(mp, lr, agent);
    SplittableRandom rng = new SplittableRandom(9);
    int n = (int) agent.numParams();
    StarBuffers buf = new StarBuffers(1, tensors);
    StarCore.Scratch s = new StarCore.Scratch(tensors, 1);
    Hand[] hands = new Hand[3];
    for (int k = 0; k < 3; k++) {
      hands[k] = new Hand(agent.tensors().get(k).shape());
    }
    INDArray params = Nd4j.zeros(DataType.DOUBLE, n);
    StarState state = opt.init(params);
    int checked = 0;
    for (int step = 0; step < 3; step++) {
      double[] g = StarTestSupport.toDouble(StarTestSupport.floats(n, 0.5, rng));
      g[3] = 0.0; // an exact zero gradient
      double[] p = StarTestSupport.toDouble(StarTestSupport.floats(n, 0.2, rng));
      Optimizer.Step<StarState> os = opt.update(Nd4j.createFromArray(g), state, Nd4j.createFromArray(p));
      double[] optUpdate = os.update().toDoubleVector();
      state = os.state();
      assertEquals(step + 1, state.iteration());
      for (int k = 0; k < 3; k++) {
        ParamTensor pt = agent.tensors().get(k);
        StarTensors.Tensor t = tensors.tensors()[k];
        Hand h = hands[k];
        double[][] g2 = new double[h.a][h.b];
        double[][] p2 = new double[h.a][h.b];
        for (int e = 0; e < t.size; e++) {
          g2[e / h.b][e % h.b] = g[(int) pt.offset() + e];
          p2[e / h.b][e % h.b] = p[(int) pt.offset() + e];
          s.g[e] = g[(int) pt.offset() + e];
          s.p[e] = p[(int) pt.offset() + e];
        }
        double[][] expected = handStep(h, mp.values(), mp.layout(), g2, p2, step, lr);
        double[] inputs = new double[t.size * 39];
        double[] outputs = new double[t.size * 4];
        buf.load(0, t, s.states[0]);
        core.forward(t, s.states[0], s.states[1], step, s, inputs, outputs);
        buf.store(0, t, s.states[1]);
        for (int e = 0; e < t.size; e++) {
          for (int c = 0; c < 39; c++) {
            assertClose(pt.name() + " step " + step + " element " + e + " input " + c, expected[e][c],
                inputs[e * 39 + c]);
          }
          assertClose(pt.name() + " step " + step + " element " + e + " update", expected[e][39], s.update[e]);
          assertClose(pt.name() + " optimizer update " + e, expected[e][39], optUpdate[(int) pt.offset() + e]);
          assertTrue(Math.abs(expected[e][39]) > 1e-6, "non-trivial update");
          checked++;
        }
      }
    }
    assertEquals(3 * n, checked);
  }

  @Test
  void factoredDimsFollowNumpyArgsort() {
    assertEquals(java.util.List.of(0, 1), java.util.List.of(StarTensors.factoredDims(new long[] {2, 3})[0],
        StarTensors.factoredDims(new long[] {2, 3})[1]));
    int[] d = StarTensors.factoredDims(new long[] {3, 2});
    assertEquals(1, d[0]);
    assertEquals(0, d[1]);
    d = StarTensors.factoredDims(new long[] {2, 2, 11, 16}); // conv kernel: d1 = in channels, d0 = out channels
    assertEquals(2, d[0]);
    assertEquals(3, d[1]);
    d = StarTensors.factoredDims(new long[] {4, 4}); // ties keep axis order
    assertEquals(0, d[0]);
    assertEquals(1, d[1]);
  }

  private static void assertClose(String what, double expected, double actual) {
    assertEquals(expected, actual, TOL * Math.max(1, Math.abs(expected)), what);
  }
}
