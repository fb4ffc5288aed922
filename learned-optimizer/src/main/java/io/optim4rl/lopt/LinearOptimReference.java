package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;

/**
 * LinearOptim (REFERENCE 4.3) and L2LGD2 (REFERENCE 4.4) on one coordinate in double precision; both are
 * one GRU (hidden 8) and one MLP head on state h:
 *
 * <pre>
 *   LinearOptim: h' = GRU(h, g);  (o1, o2, o3) = MLP(h');  out = -(exp(o1) g + exp(o2) o3)
 *   L2LGD2:      l = ln(|g| + 1e-8) / 10;  x = (l, sign g) if l &gt;= -1 else (-1, e^10 g)
 *                h' = GRU(h, x);  o = MLP(h');  out = -exp(o) g
 * </pre>
 *
 * update = lr * out; g (and so x) is a constant of the meta-differentiation. Note LinearOptim moves a
 * coordinate even where g = 0 (through exp(o2) o3).
 */
final class LinearOptimReference implements ReferenceLearnedOptimizer {

  /** eps inside the L2LGD2 log (REFERENCE 4.4). */
  static final double LOG_EPS = 1e-8;
  /** The preprocessing exponent p = 10 of L2LGD2. */
  static final double P = 10;
  private static final int H = GruCell.H;

  private final GruCell gru;
  private final ReluMlp mlp;
  private final boolean l2l;

  LinearOptimReference(ParamLayout layout, int[] mlpDims, boolean l2l) {
    this.l2l = l2l;
    this.gru = new GruCell(layout, "rnn");
    this.mlp = new ReluMlp(layout, "mlp", mlpDims, l2l ? 1 : 3);
  }

  @Override
  public int stateSize() {
    return H;
  }

  @Override
  public Step newStep() {
    return new LinearStep();
  }

  /** The L2LGD2 input pair for gradient g (REFERENCE 4.4), written to {@code x}. */
  static void l2lInputs(double g, double[] x) {
    double l = Math.log(Math.abs(g) + LOG_EPS) / P;
    if (l >= -1) {
      x[0] = l;
      x[1] = Math.signum(g);
    } else {
      x[0] = -1;
      x[1] = Math.exp(P) * g;
    }
  }

  private final class LinearStep implements Step {
    private final GruCell.Cache gc = gru.newCache();
    private final ReluMlp.Cache mc = mlp.newCache();
    private double g;

    @Override
    public double forward(double[] phi, double grad, double[] state, double[] stateOut) {
      g = grad;
      if (l2l) {
        l2lInputs(g, gc.x);
      } else {
        gc.x[0] = g;
      }
      System.arraycopy(state, 0, gc.h, 0, H);
      gru.forward(phi, gc);
      System.arraycopy(gc.hNew, 0, mc.input(), 0, H);
      mlp.forward(phi, mc);
      System.arraycopy(gc.hNew, 0, stateOut, 0, H);
      double[] o = mc.output();
      return l2l ? -Math.exp(o[0]) * g : -(Math.exp(o[0]) * g + Math.exp(o[1]) * o[2]);
    }

    @Override
    public void backward(double[] phi, double dOut, double[] dStateNext, double[] grad, double[] dState) {
      double[] o = mc.output();
      double[] dO;
      if (l2l) {
        dO = new double[] {-dOut * Math.exp(o[0]) * g};
      } else {
        double e2 = Math.exp(o[1]);
        dO = new double[] {-dOut * Math.exp(o[0]) * g, -dOut * e2 * o[2], -dOut * e2};
      }
      double[] delta = mlp.backward(phi, mc, dO, grad);
      for (int j = 0; j < H; j++) {
        delta[j] += dStateNext[j];
      }
      gru.backward(phi, gc, delta, grad, dState);
    }

    @Override
    public double[] inputs() {
      return gc.x.clone();
    }

    @Override
    public double[] outputs() {
      return mc.output().clone();
    }
  }
}
