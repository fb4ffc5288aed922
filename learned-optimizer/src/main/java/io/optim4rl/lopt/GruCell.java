package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;

/**
 * flax 0.7.5 {@code GRUCell} (hidden 8, tanh) on one coordinate in double precision, with its exact
 * backward (REFERENCE 4.2 and 5.2). x (d_in) and h (8) are row vectors; kernels are (in, out):
 *
 * <pre>
 *   r  = sigma(x W_ir + b_ir + h W_hr)
 *   z  = sigma(x W_iz + b_iz + h W_hz)
 *   u  = h W_hn + b_hn
 *   n  = tanh(x W_in + b_in + r * u)
 *   h' = (1 - z) n + z h
 * </pre>
 *
 * Backward given delta = dL/dh' (REFERENCE 5.2): dn = delta (1 - z); dz = delta (h - n); da_n = dn (1 - n^2);
 * dr = da_n u; du = da_n r; da_z = dz z (1 - z); da_r = dr r (1 - r); parameter gradients are outer
 * products of x or h with da_n, du, da_z, da_r; dh = delta z + du W_hn^T + da_z W_hz^T + da_r W_hr^T.
 * x is a constant (no dx). The weights live in a flat meta-parameter vector at the tensors' offsets.
 */
final class GruCell {

  static final int H = LearnedOptimizerKind.HIDDEN;

  /** The activations of one forward step (reused between steps by the caller). */
  static final class Cache {
    final double[] x;
    final double[] h = new double[H];
    final double[] r = new double[H];
    final double[] z = new double[H];
    final double[] u = new double[H];
    final double[] n = new double[H];
    final double[] hNew = new double[H];

    Cache(int inputDim) {
      x = new double[inputDim];
    }
  }

  private final int inputDim;
  private final int wIr;
  private final int wIz;
  private final int wIn;
  private final int bIr;
  private final int bIz;
  private final int bIn;
  private final int wHr;
  private final int wHz;
  private final int wHn;
  private final int bHn;

  /** The GRU whose tensors are {@code <prefix>.ir.kernel}, ... in {@code layout}. */
  GruCell(ParamLayout layout, String prefix) {
    this.inputDim = Math.toIntExact(layout.get(prefix + ".ir.kernel").shape()[0]);
    this.wIr = offset(layout, prefix + ".ir.kernel");
    this.wIz = offset(layout, prefix + ".iz.kernel");
    this.wIn = offset(layout, prefix + ".in.kernel");
    this.bIr = offset(layout, prefix + ".ir.bias");
    this.bIz = offset(layout, prefix + ".iz.bias");
    this.bIn = offset(layout, prefix + ".in.bias");
    this.wHr = offset(layout, prefix + ".hr.kernel");
    this.wHz = offset(layout, prefix + ".hz.kernel");
    this.wHn = offset(layout, prefix + ".hn.kernel");
    this.bHn = offset(layout, prefix + ".hn.bias");
  }

  static int offset(ParamLayout layout, String name) {
    return Math.toIntExact(layout.get(name).offset());
  }

  int inputDim() {
    return inputDim;
  }

  Cache newCache() {
    return new Cache(inputDim);
  }

  /** Forward from c.x and c.h (set by the caller); fills the gates and c.hNew. */
  void forward(double[] phi, Cache c) {
    for (int j = 0; j < H; j++) {
      double ar = phi[bIr + j];
      double az = phi[bIz + j];
      double an = phi[bIn + j];
      for (int i = 0; i < inputDim; i++) {
        ar += c.x[i] * phi[wIr + i * H + j];
        az += c.x[i] * phi[wIz + i * H + j];
        an += c.x[i] * phi[wIn + i * H + j];
      }
      double u = phi[bHn + j];
      for (int i = 0; i < H; i++) {
        ar += c.h[i] * phi[wHr + i * H + j];
        az += c.h[i] * phi[wHz + i * H + j];
        u += c.h[i] * phi[wHn + i * H + j];
      }
      c.r[j] = sigmoid(ar);
      c.z[j] = sigmoid(az);
      c.u[j] = u;
      c.n[j] = Math.tanh(an + c.r[j] * u);
      c.hNew[j] = (1 - c.z[j]) * c.n[j] + c.z[j] * c.h[j];
    }
  }

  /**
   * Backward of the step cached in {@code c}: adds the parameter gradients to {@code grad} and writes
   * dL/dh into {@code dh} (which must not alias {@code delta}).
   */
  void backward(double[] phi, Cache c, double[] delta, double[] grad, double[] dh) {
    double[] du = new double[H];
    double[] daz = new double[H];
    double[] dar = new double[H];
    for (int j = 0; j < H; j++) {
      double dn = delta[j] * (1 - c.z[j]);
      double dz = delta[j] * (c.h[j] - c.n[j]);
      double dan = dn * (1 - c.n[j] * c.n[j]);
      double dr = dan * c.u[j];
      du[j] = dan * c.r[j];
      daz[j] = dz * c.z[j] * (1 - c.z[j]);
      dar[j] = dr * c.r[j] * (1 - c.r[j]);
      grad[bIn + j] += dan;
      grad[bHn + j] += du[j];
      grad[bIz + j] += daz[j];
      grad[bIr + j] += dar[j];
      for (int i = 0; i < inputDim; i++) {
        grad[wIn + i * H + j] += c.x[i] * dan;
        grad[wIz + i * H + j] += c.x[i] * daz[j];
        grad[wIr + i * H + j] += c.x[i] * dar[j];
      }
      for (int i = 0; i < H; i++) {
        grad[wHn + i * H + j] += c.h[i] * du[j];
        grad[wHz + i * H + j] += c.h[i] * daz[j];
        grad[wHr + i * H + j] += c.h[i] * dar[j];
      }
    }
    for (int i = 0; i < H; i++) {
      double s = delta[i] * c.z[i];
      for (int j = 0; j < H; j++) {
        s += du[j] * phi[wHn + i * H + j] + daz[j] * phi[wHz + i * H + j] + dar[j] * phi[wHr + i * H + j];
      }
      dh[i] = s;
    }
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
