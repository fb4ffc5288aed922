package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;

/**
 * STAR's numerics in double precision (REFERENCE 4.5; learned_optimization's {@code adafac_nominal}
 * MLPNomLOpt with nominal step 1e-3 and weight decay 0): one step on one agent tensor, and the exact
 * reverse-mode of the first-order meta-objective with the tensor's g and p held constant.
 *
 * <p>Step on a tensor with gradient g and parameters p (state: momenta m_i, rms, Adafactor v's):
 * <ol>
 *   <li>decays beta = 1 - (1 - beta_init) exp(10 theta); m_i &lt;- b m_i + (1 - b) g (not clipped);
 *       rms &lt;- b rms + (1 - b) g^2 and the Adafactor accumulators with b clipped to [0, 1]
 *       ({@link StarTensors} for the factored ones; q = g^2 + 1e-30);
 *   <li>28 feature channels from the NEW accumulators: g, p, m (3), rms, m rsqrt(rms + 1e-6) (3, the
 *       "adam feats"), rsqrt(rms + 1e-6), fac_g (3), row (3), col (3), rsqrt(row + 1e-8) (3),
 *       rsqrt(col + 1e-8) (3), m R C (3) (1-D tensors: v, v, rsqrt(v + 1e-8) twice, m (v + 1e-6)^-1/2);
 *   <li>each channel divided by sqrt(1e-5 + its mean square over the tensor); 11 time features
 *       tanh(t / tau - 1) with t the iteration count before this step (0 at the first);
 *   <li>MLP 39 -&gt; 4 -&gt; 4 -&gt; 4 (ReLU, ReLU, linear); step = out0 exp(1e-3 out1) lr;
 *       nominal = 1e-3 exp(1e-3) mean(adam feats) (raw, not normalised);
 *       update = -step - nominal (the amount added to p).
 * </ol>
 * Immutable apart from the {@link Scratch} the caller passes; thread-safe with one scratch per thread.
 */
final class StarCore {

  static final int FEATURES = 28;
  static final int TIME = 11;
  static final int INPUTS = FEATURES + TIME;
  static final int H = 4;
  static final int DECAYS = 3;
  static final double[] MOMENTUM_INIT = {0.9, 0.99, 0.999};
  static final double RMS_INIT = 0.999;
  static final double[] ADAFACTOR_INIT = {0.9, 0.99, 0.999};
  static final double[] TIMESCALES = {1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000};
  static final double EXP_MULT = 1e-3;
  static final double NOMINAL_STEP = 1e-3;
  /** nominal_stepsize exp(exp_mult * 1) / 3: the factor of each adam feat in the nominal term. */
  static final double NOMINAL_PER_FEAT = NOMINAL_STEP * Math.exp(EXP_MULT) / 3.0;

  /** Per-tensor state: m at {@code i n + e}, rms at e, fac at {@code i facSize + j}. */
  static final class State {
    final double[] m;
    final double[] rms;
    final double[] fac;

    State(int maxSize, int maxFac) {
      m = new double[DECAYS * maxSize];
      rms = new double[maxSize];
      fac = new double[DECAYS * maxFac];
    }

    void zero(StarTensors.Tensor t) {
      java.util.Arrays.fill(m, 0, DECAYS * t.size, 0.0);
      java.util.Arrays.fill(rms, 0, t.size, 0.0);
      java.util.Arrays.fill(fac, 0, DECAYS * t.facSize, 0.0);
    }
  }

  /** Working memory sized for the largest tensor and the unroll length; one per thread. */
  static final class Scratch {
    final State[] states;
    final State dNext;
    final State dPrev;
    final double[] g;
    final double[] p;
    final double[] adj;
    final double[] update;
    final double[] f;
    final double[] df;
    final double[] rowFactor;
    final double[] colFactor;
    final double[] denom;
    final double[] qRow;
    final double[] qCol;
    final double[] dRow;
    final double[] dCol;
    final double[] dDenom;
    final double[] norm = new double[FEATURES];
    final double[] time = new double[TIME];
    final double[] timeBias = new double[H];

    Scratch(StarTensors tensors, int steps) {
      int n = tensors.maxSize();
      int nf = tensors.maxFacSize();
      states = new State[steps + 1];
      for (int k = 0; k <= steps; k++) {
        states[k] = new State(n, nf);
      }
      dNext = new State(n, nf);
      dPrev = new State(n, nf);
      g = new double[n];
      p = new double[n];
      adj = new double[n];
      update = new double[n];
      f = new double[FEATURES * n];
      df = new double[FEATURES * n];
      rowFactor = new double[DECAYS * tensors.maxRows()];
      colFactor = new double[DECAYS * tensors.maxCols()];
      denom = new double[DECAYS * tensors.maxGroups()];
      qRow = new double[tensors.maxRows()];
      qCol = new double[tensors.maxCols()];
      dRow = new double[tensors.maxRows()];
      dCol = new double[tensors.maxCols()];
      dDenom = new double[tensors.maxGroups()];
    }
  }

  private final double lr;
  private final double[] w0;
  private final double[] b0;
  private final double[] w1;
  private final double[] b1;
  private final double[] w2;
  private final double[] b2;
  private final double[] betaMom = new double[DECAYS];
  private final double betaRmsRaw;
  private final double betaRms;
  private final double[] betaFacRaw = new double[DECAYS];
  private final double[] betaFac = new double[DECAYS];
  /** Offsets of the meta-parameter tensors in the 207-vector (canonical order). */
  final int offMom;
  final int offRms;
  final int offFac;
  final int offW0;
  final int offB0;
  final int offW1;
  final int offB1;
  final int offW2;
  final int offB2;

  /** STAR with meta-parameters {@code metaParams} and step_mult {@code lr}. */
  StarCore(MetaParams metaParams, double lr) {
    if (metaParams.kind() != LearnedOptimizerKind.STAR) {
      throw new IllegalArgumentException("STAR needs star meta-parameters, got " + metaParams);
    }
    this.lr = lr;
    ParamLayout l = metaParams.layout();
    double[] phi = metaParams.valuesShared();
    offMom = off(l, "momentum_decays");
    offRms = off(l, "rms_decays");
    offFac = off(l, "adafactor_decays");
    offW0 = off(l, "nn.w0");
    offB0 = off(l, "nn.b0");
    offW1 = off(l, "nn.w1");
    offB1 = off(l, "nn.b1");
    offW2 = off(l, "nn.w2");
    offB2 = off(l, "nn.b2");
    w0 = java.util.Arrays.copyOfRange(phi, offW0, offW0 + INPUTS * H);
    b0 = java.util.Arrays.copyOfRange(phi, offB0, offB0 + H);
    w1 = java.util.Arrays.copyOfRange(phi, offW1, offW1 + H * H);
    b1 = java.util.Arrays.copyOfRange(phi, offB1, offB1 + H);
    w2 = java.util.Arrays.copyOfRange(phi, offW2, offW2 + H * H);
    b2 = java.util.Arrays.copyOfRange(phi, offB2, offB2 + H);
    for (int i = 0; i < DECAYS; i++) {
      betaMom[i] = decay(MOMENTUM_INIT[i], phi[offMom + i]);
      betaFacRaw[i] = decay(ADAFACTOR_INIT[i], phi[offFac + i]);
      betaFac[i] = clip01(betaFacRaw[i]);
    }
    betaRmsRaw = decay(RMS_INIT, phi[offRms]);
    betaRms = clip01(betaRmsRaw);
  }

  private static int off(ParamLayout l, String name) {
    return Math.toIntExact(l.get(name).offset());
  }

  /** beta = 1 - (1 - beta_init) exp(10 theta) (learned_optimization's param_to_decay(decay_to_param(init) + theta)). */
  static double decay(double init, double theta) {
    return 1.0 - (1.0 - init) * Math.exp(10.0 * theta);
  }

  /** jnp.clip(x, 0, 1), NaN preserved. */
  private static double clip01(double x) {
    return Math.min(1.0, Math.max(0.0, x));
  }

  double learningRate() {
    return lr;
  }

  /** The accumulator update (step 1) of tensor t: next from prev and g ({@code s.g}). */
  void transition(StarTensors.Tensor t, State prev, State next, Scratch s) {
    int n = t.size;
    double[] g = s.g;
    for (int i = 0; i < DECAYS; i++) {
      double b = betaMom[i];
      int o = i * n;
      for (int e = 0; e < n; e++) {
        next.m[o + e] = b * prev.m[o + e] + (1 - b) * g[e];
      }
    }
    for (int e = 0; e < n; e++) {
      next.rms[e] = betaRms * prev.rms[e] + (1 - betaRms) * (g[e] * g[e]);
    }
    if (t.factored) {
      squareMeans(t, s);
      int rows = t.rows;
      for (int i = 0; i < DECAYS; i++) {
        double b = betaFac[i];
        int o = i * t.facSize;
        for (int r = 0; r < rows; r++) {
          next.fac[o + r] = b * prev.fac[o + r] + (1 - b) * s.qRow[r];
        }
        for (int c = 0; c < t.cols; c++) {
          next.fac[o + rows + c] = b * prev.fac[o + rows + c] + (1 - b) * s.qCol[c];
        }
      }
    } else {
      for (int i = 0; i < DECAYS; i++) {
        double b = betaFac[i];
        int o = i * n;
        for (int e = 0; e < n; e++) {
          next.fac[o + e] = b * prev.fac[o + e] + (1 - b) * (g[e] * g[e] + 1e-30);
        }
      }
    }
  }

  /** qRow = mean over d0 of g^2 + 1e-30, qCol = mean over d1. */
  private static void squareMeans(StarTensors.Tensor t, Scratch s) {
    java.util.Arrays.fill(s.qRow, 0, t.rows, 0.0);
    java.util.Arrays.fill(s.qCol, 0, t.cols, 0.0);
    for (int e = 0; e < t.size; e++) {
      double q = s.g[e] * s.g[e] + 1e-30;
      s.qRow[t.rowOf[e]] += q;
      s.qCol[t.colOf[e]] += q;
    }
    for (int r = 0; r < t.rows; r++) {
      s.qRow[r] /= t.d0Size;
    }
    for (int c = 0; c < t.cols; c++) {
      s.qCol[c] /= t.d1Size;
    }
  }

  /**
   * The 28 raw feature channels (step 2) from the new state into {@code s.f} (channel-major, {@code c n + e}),
   * the factored row/column factors into {@code s.rowFactor}, {@code s.colFactor}, {@code s.denom}, and the
   * per-channel normalisers into {@code s.norm}.
   */
  void features(StarTensors.Tensor t, State st, Scratch s) {
    int n = t.size;
    double[] f = s.f;
    double[] g = s.g;
    for (int e = 0; e < n; e++) {
      f[e] = g[e];
      f[n + e] = s.p[e];
      double rho = 1.0 / Math.sqrt(st.rms[e] + 1e-6);
      f[5 * n + e] = st.rms[e];
      f[9 * n + e] = rho;
      for (int i = 0; i < DECAYS; i++) {
        double m = st.m[i * n + e];
        f[(2 + i) * n + e] = m;
        f[(6 + i) * n + e] = m * rho;
      }
    }
    if (t.factored) {
      int rows = t.rows;
      int cols = t.cols;
      int groups = t.groups;
      for (int i = 0; i < DECAYS; i++) {
        int o = i * t.facSize;
        int dOff = i * groups;
        for (int q = 0; q < groups; q++) {
          s.denom[dOff + q] = 0.0;
        }
        for (int r = 0; r < rows; r++) {
          s.denom[dOff + t.groupOfRow[r]] += st.fac[o + r];
        }
        for (int q = 0; q < groups; q++) {
          s.denom[dOff + q] = s.denom[dOff + q] / t.d1Size + 1e-9;
        }
        for (int r = 0; r < rows; r++) {
          double w = st.fac[o + r] / s.denom[dOff + t.groupOfRow[r]];
          s.rowFactor[i * rows + r] = 1.0 / Math.sqrt(Math.max(w, 1e-9));
        }
        for (int c = 0; c < cols; c++) {
          s.colFactor[i * cols + c] = 1.0 / Math.sqrt(Math.max(st.fac[o + rows + c], 1e-9));
        }
        for (int e = 0; e < n; e++) {
          int r = t.rowOf[e];
          int c = t.colOf[e];
          double vr = st.fac[o + r];
          double vc = st.fac[o + rows + c];
          double rc = s.rowFactor[i * rows + r] * s.colFactor[i * cols + c];
          f[(10 + i) * n + e] = g[e] * rc;
          f[(13 + i) * n + e] = vr;
          f[(16 + i) * n + e] = vc;
          f[(19 + i) * n + e] = 1.0 / Math.sqrt(vr + 1e-8);
          f[(22 + i) * n + e] = 1.0 / Math.sqrt(vc + 1e-8);
          f[(25 + i) * n + e] = st.m[i * n + e] * rc;
        }
      }
    } else {
      for (int i = 0; i < DECAYS; i++) {
        int o = i * n;
        for (int e = 0; e < n; e++) {
          double v = st.fac[o + e];
          f[(10 + i) * n + e] = g[e] / Math.sqrt(Math.max(v + 1e-9, 1e-9));
          f[(13 + i) * n + e] = v;
          f[(16 + i) * n + e] = v;
          double rs = 1.0 / Math.sqrt(v + 1e-8);
          f[(19 + i) * n + e] = rs;
          f[(22 + i) * n + e] = rs;
          f[(25 + i) * n + e] = st.m[i * n + e] / Math.sqrt(v + 1e-6);
        }
      }
    }
    for (int c = 0; c < FEATURES; c++) {
      double sq = 0;
      int o = c * n;
      for (int e = 0; e < n; e++) {
        sq += f[o + e] * f[o + e];
      }
      s.norm[c] = 1.0 / Math.sqrt(1e-5 + sq / n);
    }
  }

  /** Time features at iteration count {@code iteration} and their first-layer contribution. */
  private void timeFeatures(long iteration, Scratch s) {
    for (int j = 0; j < TIME; j++) {
      s.time[j] = Math.tanh(iteration / TIMESCALES[j] - 1.0);
    }
    for (int o = 0; o < H; o++) {
      double z = b0[o];
      for (int j = 0; j < TIME; j++) {
        z += s.time[j] * w0[(FEATURES + j) * H + o];
      }
      s.timeBias[o] = z;
    }
  }

  /**
   * One STAR step on tensor t: {@code next} from {@code prev}, gradient {@code s.g} and params {@code s.p};
   * writes update = -step - nominal to {@code s.update}. With {@code inputs} non-null also writes the 39
   * MLP inputs of element e to {@code inputs[e * 39 + c]} and the 4 outputs to {@code outputs[e * 4 + o]}.
   */
  void forward(StarTensors.Tensor t, State prev, State next, long iteration, Scratch s, double[] inputs,
      double[] outputs) {
    transition(t, prev, next, s);
    features(t, next, s);
    timeFeatures(iteration, s);
    int n = t.size;
    double[] f = s.f;
    double[] x = new double[FEATURES];
    double[] a1 = new double[H];
    double[] a2 = new double[H];
    for (int e = 0; e < n; e++) {
      for (int c = 0; c < FEATURES; c++) {
        x[c] = f[c * n + e] * s.norm[c];
      }
      mlp(x, s.timeBias, a1, a2, null, null);
      double out0 = b2[0];
      double out1 = b2[1];
      for (int j = 0; j < H; j++) {
        out0 += a2[j] * w2[j * H];
        out1 += a2[j] * w2[j * H + 1];
      }
      double adam = f[6 * n + e] + f[7 * n + e] + f[8 * n + e];
      s.update[e] = -(out0 * Math.exp(EXP_MULT * out1) * lr) - NOMINAL_PER_FEAT * adam;
      if (inputs != null) {
        System.arraycopy(x, 0, inputs, e * INPUTS, FEATURES);
        System.arraycopy(s.time, 0, inputs, e * INPUTS + FEATURES, TIME);
        outputs[e * H] = out0;
        outputs[e * H + 1] = out1;
        for (int o = 2; o < H; o++) {
          double z = b2[o];
          for (int j = 0; j < H; j++) {
            z += a2[j] * w2[j * H + o];
          }
          outputs[e * H + o] = z;
        }
      }
    }
  }

  /** Hidden layers: a1 = relu(x w0 + timeBias), a2 = relu(a1 w1 + b1); pre-activations to z1, z2 if non-null. */
  private void mlp(double[] x, double[] timeBias, double[] a1, double[] a2, double[] z1, double[] z2) {
    for (int o = 0; o < H; o++) {
      double z = timeBias[o];
      for (int c = 0; c < FEATURES; c++) {
        z += x[c] * w0[c * H + o];
      }
      if (z1 != null) {
        z1[o] = z;
      }
      a1[o] = Math.max(z, 0.0);
    }
    for (int o = 0; o < H; o++) {
      double z = b1[o];
      for (int j = 0; j < H; j++) {
        z += a1[j] * w1[j * H + o];
      }
      if (z2 != null) {
        z2[o] = z;
      }
      a2[o] = Math.max(z, 0.0);
    }
  }

  /**
   * Reverse mode of one step on tensor t with g ({@code s.g}), p ({@code s.p}) and the adjoint of the
   * update ({@code s.adj}) constant: {@code dNext} holds dL/d(next state) from later steps on entry and
   * the total adjoint (with this step's features) on exit; writes dL/d(prev state) to {@code dPrev} and
   * adds dL/dphi to {@code grad} (207 entries, canonical order).
   */
  void backward(StarTensors.Tensor t, State prev, State next, long iteration, Scratch s, State dNext, State dPrev,
      double[] grad) {
    int n = t.size;
    if (t.factored) {
      squareMeans(t, s); // qRow, qCol for the decay gradients below
    }
    features(t, next, s);
    timeFeatures(iteration, s);
    double[] f = s.f;
    double[] df = s.df;
    double[] x = new double[FEATURES];
    double[] z1 = new double[H];
    double[] z2 = new double[H];
    double[] a1 = new double[H];
    double[] a2 = new double[H];
    double[] dz1 = new double[H];
    double[] dz2 = new double[H];
    double[] gw0 = new double[FEATURES * H];
    double[] gb0 = new double[H];
    double[] gw1 = new double[H * H];
    double[] gb1 = new double[H];
    double[] gw2 = new double[H * H];
    double[] gb2 = new double[H];
    for (int e = 0; e < n; e++) {
      for (int c = 0; c < FEATURES; c++) {
        x[c] = f[c * n + e] * s.norm[c];
      }
      mlp(x, s.timeBias, a1, a2, z1, z2);
      double out0 = b2[0];
      double out1 = b2[1];
      for (int j = 0; j < H; j++) {
        out0 += a2[j] * w2[j * H];
        out1 += a2[j] * w2[j * H + 1];
      }
      double adj = s.adj[e];
      double ex = Math.exp(EXP_MULT * out1);
      double do0 = -adj * lr * ex;
      double do1 = -adj * lr * out0 * EXP_MULT * ex;
      gb2[0] += do0;
      gb2[1] += do1;
      for (int j = 0; j < H; j++) {
        gw2[j * H] += a2[j] * do0;
        gw2[j * H + 1] += a2[j] * do1;
        double da2 = w2[j * H] * do0 + w2[j * H + 1] * do1;
        dz2[j] = z2[j] > 0 ? da2 : 0.0;
      }
      for (int j = 0; j < H; j++) {
        double da1 = 0;
        for (int o = 0; o < H; o++) {
          gw1[j * H + o] += a1[j] * dz2[o];
          da1 += w1[j * H + o] * dz2[o];
        }
        dz1[j] = z1[j] > 0 ? da1 : 0.0;
      }
      for (int o = 0; o < H; o++) {
        gb1[o] += dz2[o];
        gb0[o] += dz1[o];
      }
      for (int c = 0; c < FEATURES; c++) {
        double dx = 0;
        for (int o = 0; o < H; o++) {
          gw0[c * H + o] += x[c] * dz1[o];
          dx += w0[c * H + o] * dz1[o];
        }
        df[c * n + e] = dx;
      }
    }
    for (int c = 0; c < FEATURES; c++) {
      for (int o = 0; o < H; o++) {
        grad[offW0 + c * H + o] += gw0[c * H + o];
      }
    }
    for (int j = 0; j < TIME; j++) {
      for (int o = 0; o < H; o++) {
        grad[offW0 + (FEATURES + j) * H + o] += s.time[j] * gb0[o];
      }
    }
    for (int o = 0; o < H; o++) {
      grad[offB0 + o] += gb0[o];
      grad[offB1 + o] += gb1[o];
      grad[offB2 + o] += gb2[o];
      for (int j = 0; j < H; j++) {
        grad[offW1 + j * H + o] += gw1[j * H + o];
        grad[offW2 + j * H + o] += gw2[j * H + o];
      }
    }
    // second-moment normalisation: x = f r, r = (1e-5 + mean f^2)^-1/2
    for (int c = 0; c < FEATURES; c++) {
      int o = c * n;
      double r = s.norm[c];
      double dot = 0;
      for (int e = 0; e < n; e++) {
        dot += df[o + e] * f[o + e];
      }
      double k = -r * r * r * dot / n;
      for (int e = 0; e < n; e++) {
        df[o + e] = df[o + e] * r + f[o + e] * k;
      }
    }
    // nominal term on the raw adam feats
    for (int i = 0; i < DECAYS; i++) {
      int o = (6 + i) * n;
      for (int e = 0; e < n; e++) {
        df[o + e] -= s.adj[e] * NOMINAL_PER_FEAT;
      }
    }
    featuresBackward(t, next, s, dNext);
    transitionBackward(t, prev, s, dNext, dPrev, grad);
  }

  /** Adds the adjoints of the feature channels {@code s.df} to {@code d}, the adjoint of the state st. */
  private void featuresBackward(StarTensors.Tensor t, State st, Scratch s, State d) {
    int n = t.size;
    double[] df = s.df;
    double[] g = s.g;
    for (int e = 0; e < n; e++) {
      double v = st.rms[e] + 1e-6;
      double rho = 1.0 / Math.sqrt(v);
      double dRho = -0.5 * rho / v; // d rho / d rms
      double dr = df[5 * n + e] + df[9 * n + e] * dRho;
      for (int i = 0; i < DECAYS; i++) {
        double dAdam = df[(6 + i) * n + e];
        d.m[i * n + e] += df[(2 + i) * n + e] + dAdam * rho;
        dr += dAdam * st.m[i * n + e] * dRho;
      }
      d.rms[e] += dr;
    }
    if (t.factored) {
      int rows = t.rows;
      int cols = t.cols;
      int groups = t.groups;
      for (int i = 0; i < DECAYS; i++) {
        int o = i * t.facSize;
        java.util.Arrays.fill(s.dRow, 0, rows, 0.0);
        java.util.Arrays.fill(s.dCol, 0, cols, 0.0);
        java.util.Arrays.fill(s.dDenom, 0, groups, 0.0);
        for (int e = 0; e < n; e++) {
          int r = t.rowOf[e];
          int c = t.colOf[e];
          double rf = s.rowFactor[i * rows + r];
          double cf = s.colFactor[i * cols + c];
          double m = st.m[i * n + e];
          double dFm = df[(25 + i) * n + e];
          double both = df[(10 + i) * n + e] * g[e] + dFm * m;
          s.dRow[r] += both * cf; // dL/dR
          s.dCol[c] += both * rf; // dL/dC
          d.m[i * n + e] += dFm * rf * cf;
          double vr = st.fac[o + r] + 1e-8;
          double vc = st.fac[o + rows + c] + 1e-8;
          d.fac[o + r] += df[(13 + i) * n + e] - 0.5 * df[(19 + i) * n + e] / (vr * Math.sqrt(vr));
          d.fac[o + rows + c] += df[(16 + i) * n + e] - 0.5 * df[(22 + i) * n + e] / (vc * Math.sqrt(vc));
        }
        // R = max(w, 1e-9)^-1/2 with w = vrow / D, D = mean_d1(vrow) + 1e-9
        int dOff = i * groups;
        for (int r = 0; r < rows; r++) {
          int q = t.groupOfRow[r];
          double den = s.denom[dOff + q];
          double vrow = st.fac[o + r];
          double w = vrow / den;
          if (w > 1e-9) {
            double dw = -0.5 * s.dRow[r] / (w * Math.sqrt(w));
            d.fac[o + r] += dw / den;
            s.dDenom[q] -= dw * vrow / (den * den);
          }
        }
        for (int r = 0; r < rows; r++) {
          d.fac[o + r] += s.dDenom[t.groupOfRow[r]] / t.d1Size;
        }
        for (int c = 0; c < cols; c++) {
          double vcol = st.fac[o + rows + c];
          if (vcol > 1e-9) {
            d.fac[o + rows + c] += -0.5 * s.dCol[c] / (vcol * Math.sqrt(vcol));
          }
        }
      }
    } else {
      for (int i = 0; i < DECAYS; i++) {
        int o = i * n;
        for (int e = 0; e < n; e++) {
          double v = st.fac[o + e];
          double dv = df[(13 + i) * n + e] + df[(16 + i) * n + e];
          double y = v + 1e-9;
          if (y > 1e-9) {
            dv += -0.5 * df[(10 + i) * n + e] * g[e] / (y * Math.sqrt(y));
          }
          double v8 = v + 1e-8;
          dv += -0.5 * (df[(19 + i) * n + e] + df[(22 + i) * n + e]) / (v8 * Math.sqrt(v8));
          double v6 = v + 1e-6;
          double dFm = df[(25 + i) * n + e];
          d.m[i * n + e] += dFm / Math.sqrt(v6);
          dv += -0.5 * dFm * st.m[i * n + e] / (v6 * Math.sqrt(v6));
          d.fac[o + e] += dv;
        }
      }
    }
  }

  /** Reverse of {@link #transition}: dPrev = beta dNext, and the decay parameters' gradient. */
  private void transitionBackward(StarTensors.Tensor t, State prev, Scratch s, State dNext, State dPrev,
      double[] grad) {
    int n = t.size;
    double[] g = s.g;
    for (int i = 0; i < DECAYS; i++) {
      double b = betaMom[i];
      int o = i * n;
      double db = 0;
      for (int e = 0; e < n; e++) {
        double dm = dNext.m[o + e];
        dPrev.m[o + e] = b * dm;
        db += dm * (prev.m[o + e] - g[e]);
      }
      grad[offMom + i] += db * -10.0 * (1.0 - b);
    }
    double dbr = 0;
    for (int e = 0; e < n; e++) {
      double dr = dNext.rms[e];
      dPrev.rms[e] = betaRms * dr;
      dbr += dr * (prev.rms[e] - g[e] * g[e]);
    }
    if (betaRmsRaw > 0 && betaRmsRaw < 1) {
      grad[offRms] += dbr * -10.0 * (1.0 - betaRmsRaw);
    }
    for (int i = 0; i < DECAYS; i++) {
      double b = betaFac[i];
      int o = i * t.facSize;
      double db = 0;
      if (t.factored) {
        int rows = t.rows;
        for (int r = 0; r < rows; r++) {
          double dv = dNext.fac[o + r];
          dPrev.fac[o + r] = b * dv;
          db += dv * (prev.fac[o + r] - s.qRow[r]);
        }
        for (int c = 0; c < t.cols; c++) {
          double dv = dNext.fac[o + rows + c];
          dPrev.fac[o + rows + c] = b * dv;
          db += dv * (prev.fac[o + rows + c] - s.qCol[c]);
        }
      } else {
        for (int e = 0; e < n; e++) {
          double dv = dNext.fac[o + e];
          dPrev.fac[o + e] = b * dv;
          db += dv * (prev.fac[o + e] - (g[e] * g[e] + 1e-30));
        }
      }
      if (betaFacRaw[i] > 0 && betaFacRaw[i] < 1) {
        grad[offFac + i] += db * -10.0 * (1.0 - betaFacRaw[i]);
      }
    }
  }
}
