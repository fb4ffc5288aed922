package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;

/**
 * A learned optimizer's MLP head in double precision: flax {@code Sequential([Dense, relu, Dense, relu,
 * Dense])} with widths 8 -&gt; mlpDims... -&gt; out, ReLU between layers and none after the last
 * (REFERENCE 4.2), with its exact backward. Dense: y = x K + b, K (in, out). The ReLU derivative at 0 is
 * 0 (as in JAX).
 */
final class ReluMlp {

  /** The activations of one forward pass: acts[l] is the input of layer l (post-ReLU), acts[L] the output. */
  static final class Cache {
    final double[][] acts;

    Cache(int[] widths) {
      acts = new double[widths.length][];
      for (int l = 0; l < widths.length; l++) {
        acts[l] = new double[widths[l]];
      }
    }

    double[] input() {
      return acts[0];
    }

    double[] output() {
      return acts[acts.length - 1];
    }
  }

  private final int[] widths;
  private final int[] kernel;
  private final int[] bias;

  /** The MLP {@code <prefix>.layers_0}, {@code layers_2}, ... of {@code layout}. */
  ReluMlp(ParamLayout layout, String prefix, int[] mlpDims, int out) {
    this.widths = MetaParamLayouts.mlpWidths(mlpDims, out);
    int layers = widths.length - 1;
    this.kernel = new int[layers];
    this.bias = new int[layers];
    for (int l = 0; l < layers; l++) {
      kernel[l] = GruCell.offset(layout, MetaParamLayouts.mlpLayer(prefix, l) + ".kernel");
      bias[l] = GruCell.offset(layout, MetaParamLayouts.mlpLayer(prefix, l) + ".bias");
    }
  }

  Cache newCache() {
    return new Cache(widths);
  }

  /** Forward from c.input() (set by the caller) to c.output(). */
  void forward(double[] phi, Cache c) {
    int layers = kernel.length;
    for (int l = 0; l < layers; l++) {
      double[] in = c.acts[l];
      double[] out = c.acts[l + 1];
      int nIn = widths[l];
      int nOut = widths[l + 1];
      for (int j = 0; j < nOut; j++) {
        double y = phi[bias[l] + j];
        for (int i = 0; i < nIn; i++) {
          y += in[i] * phi[kernel[l] + i * nOut + j];
        }
        out[j] = l + 1 < layers ? Math.max(y, 0) : y;
      }
    }
  }

  /** Adds the parameter gradients for dL/doutput = {@code dOut} to {@code grad}; returns dL/dinput. */
  double[] backward(double[] phi, Cache c, double[] dOut, double[] grad) {
    double[] d = dOut.clone();
    for (int l = kernel.length - 1; l >= 0; l--) {
      double[] in = c.acts[l];
      int nIn = widths[l];
      int nOut = widths[l + 1];
      double[] dIn = new double[nIn];
      for (int j = 0; j < nOut; j++) {
        grad[bias[l] + j] += d[j];
      }
      for (int i = 0; i < nIn; i++) {
        double s = 0;
        for (int j = 0; j < nOut; j++) {
          grad[kernel[l] + i * nOut + j] += in[i] * d[j];
          s += phi[kernel[l] + i * nOut + j] * d[j];
        }
        // the input of layer l > 0 is relu(pre-activation): derivative 1 where it is > 0, else 0
        dIn[i] = l == 0 || in[i] > 0 ? s : 0;
      }
      d = dIn;
    }
    return d;
  }
}
