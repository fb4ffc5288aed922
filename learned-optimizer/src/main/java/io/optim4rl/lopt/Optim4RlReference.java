package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;

/**
 * Optim4RL (REFERENCE 4.2) on one coordinate in double precision: with x1 = g, x2 = g^2, s = sign(g)
 * (sign(0) = 0), state (h1, h2):
 *
 * <pre>
 *   h1' = GRU_1(h1, x1);  o1 = MLP_1(h1')
 *   h2' = GRU_2(h2, x2);  o2 = MLP_2(h2')
 *   out = -s exp(o1) / sqrt(exp(o2) + 1e-8)          (update = lr * out)
 * </pre>
 *
 * Backward (REFERENCE 5.2): dout/do1 = out, dout/do2 = -1/2 out exp(o2) / (exp(o2) + 1e-8); the two
 * branches share no parameters and no state.
 */
final class Optim4RlReference implements ReferenceLearnedOptimizer {

  /** eps under the square root (REFERENCE 4.2). */
  static final double EPS = 1e-8;
  private static final int H = GruCell.H;

  private final GruCell gru1;
  private final GruCell gru2;
  private final ReluMlp mlp1;
  private final ReluMlp mlp2;

  Optim4RlReference(ParamLayout layout, int[] mlpDims) {
    gru1 = new GruCell(layout, "rnn1");
    gru2 = new GruCell(layout, "rnn2");
    mlp1 = new ReluMlp(layout, "mlp1", mlpDims, 1);
    mlp2 = new ReluMlp(layout, "mlp2", mlpDims, 1);
  }

  @Override
  public int stateSize() {
    return 2 * H;
  }

  @Override
  public Step newStep() {
    return new Optim4RlStep();
  }

  private final class Optim4RlStep implements Step {
    private final GruCell.Cache g1 = gru1.newCache();
    private final GruCell.Cache g2 = gru2.newCache();
    private final ReluMlp.Cache m1 = mlp1.newCache();
    private final ReluMlp.Cache m2 = mlp2.newCache();
    private double e2;
    private double out;

    @Override
    public double forward(double[] phi, double g, double[] state, double[] stateOut) {
      g1.x[0] = g;
      g2.x[0] = g * g;
      System.arraycopy(state, 0, g1.h, 0, H);
      System.arraycopy(state, H, g2.h, 0, H);
      gru1.forward(phi, g1);
      gru2.forward(phi, g2);
      System.arraycopy(g1.hNew, 0, m1.input(), 0, H);
      System.arraycopy(g2.hNew, 0, m2.input(), 0, H);
      mlp1.forward(phi, m1);
      mlp2.forward(phi, m2);
      System.arraycopy(g1.hNew, 0, stateOut, 0, H);
      System.arraycopy(g2.hNew, 0, stateOut, H, H);
      e2 = Math.exp(m2.output()[0]);
      out = -Math.signum(g) * Math.exp(m1.output()[0]) / Math.sqrt(e2 + EPS);
      return out;
    }

    @Override
    public void backward(double[] phi, double dOut, double[] dStateNext, double[] grad, double[] dState) {
      double do1 = dOut * out;
      double do2 = -0.5 * dOut * out * e2 / (e2 + EPS);
      branchBackward(phi, gru1, g1, mlp1, m1, do1, dStateNext, 0, grad, dState);
      branchBackward(phi, gru2, g2, mlp2, m2, do2, dStateNext, H, grad, dState);
    }

    @Override
    public double[] inputs() {
      return new double[] {g1.x[0], g2.x[0]};
    }

    @Override
    public double[] outputs() {
      return new double[] {m1.output()[0], m2.output()[0]};
    }
  }

  private static void branchBackward(double[] phi, GruCell gru, GruCell.Cache gc, ReluMlp mlp,
      ReluMlp.Cache mc, double dO, double[] dStateNext, int at, double[] grad, double[] dState) {
    double[] delta = mlp.backward(phi, mc, new double[] {dO}, grad);
    for (int j = 0; j < H; j++) {
      delta[j] += dStateNext[at + j];
    }
    double[] dh = new double[H];
    gru.backward(phi, gc, delta, grad, dh);
    System.arraycopy(dh, 0, dState, at, H);
  }
}
