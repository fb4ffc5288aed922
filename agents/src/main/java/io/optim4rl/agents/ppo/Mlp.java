package io.optim4rl.agents.ppo;

import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.units.FloatKernels;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A brax/flax {@code MLP} in plain-Java float: layers {@code hidden_0 .. hidden_L}, each
 * {@code z = a K + b} with kernel {@code (in, out)} row-major, swish ({@code z sigmoid(z)}) after every
 * layer but the last. Tensors are {@code <prefix>/hidden_<l>/kernel} and {@code <prefix>/hidden_<l>/bias}
 * inside one flat parameter vector.
 *
 * <p>Batched over rows: the inner loops are axpy and dot over the feature axis of {@code [rows, features]}
 * arrays (vectorised by the JIT). Forward stores pre-activations and activations in a {@link Tape} that
 * {@link #backward} reads.
 */
final class Mlp {

  private final String prefix;
  private final int[] sizes;
  private int[] kernelOffset;
  private int[] biasOffset;

  /** An MLP {@code in -> hidden... -> out}; call {@link #bind} once the layout exists. */
  Mlp(String prefix, int in, int[] hidden, int out) {
    this.prefix = prefix;
    this.sizes = new int[hidden.length + 2];
    sizes[0] = in;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = out;
  }

  int layers() {
    return sizes.length - 1;
  }

  int inputSize() {
    return sizes[0];
  }

  int outputSize() {
    return sizes[sizes.length - 1];
  }

  static String kernelName(String prefix, int layer) {
    return prefix + "/hidden_" + layer + "/kernel";
  }

  static String biasName(String prefix, int layer) {
    return prefix + "/hidden_" + layer + "/bias";
  }

  void addShapes(Map<String, long[]> shapes) {
    for (int l = 0; l < layers(); l++) {
      shapes.put(kernelName(prefix, l), new long[] {sizes[l], sizes[l + 1]});
      shapes.put(biasName(prefix, l), new long[] {sizes[l + 1]});
    }
  }

  void bind(ParamLayout layout) {
    kernelOffset = new int[layers()];
    biasOffset = new int[layers()];
    for (int l = 0; l < layers(); l++) {
      kernelOffset[l] = Math.toIntExact(layout.get(kernelName(prefix, l)).offset());
      biasOffset[l] = Math.toIntExact(layout.get(biasName(prefix, l)).offset());
    }
  }

  /**
   * LeCun-uniform kernels (uniform in {@code ±sqrt(3 / fan_in)}, flax {@code lecun_uniform}) drawn layer by
   * layer in row-major order from {@code rng}; zero biases.
   */
  void initInPlace(float[] params, SplittableRandom rng) {
    for (int l = 0; l < layers(); l++) {
      double limit = Math.sqrt(3.0 / sizes[l]);
      int n = sizes[l] * sizes[l + 1];
      for (int i = 0; i < n; i++) {
        params[kernelOffset[l] + i] = (float) rng.nextDouble(-limit, limit);
      }
      Arrays.fill(params, biasOffset[l], biasOffset[l] + sizes[l + 1], 0f);
    }
  }

  Tape newTape(int rows) {
    return new Tape(sizes, rows);
  }

  /**
   * Forward pass of {@code rows} rows of {@code x} (row-major {@code [rows, in]} from offset {@code xo});
   * the output {@code [rows, out]} is {@link Tape#output()}.
   */
  void forward(float[] p, float[] x, int xo, int rows, Tape tape) {
    tape.rows = rows;
    System.arraycopy(x, xo, tape.act[0], 0, rows * sizes[0]);
    for (int l = 0; l < layers(); l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] a = tape.act[l];
      float[] z = tape.pre[l];
      for (int r = 0; r < rows; r++) {
        int zo = r * out;
        System.arraycopy(p, biasOffset[l], z, zo, out);
        for (int i = 0; i < in; i++) {
          float ai = a[r * in + i];
          if (ai != 0f) {
            FloatKernels.axpy(z, zo, ai, p, kernelOffset[l] + i * out, out);
          }
        }
      }
      if (l < layers() - 1) {
        float[] next = tape.act[l + 1];
        float[] sig = tape.sig[l];
        for (int k = 0; k < rows * out; k++) {
          sig[k] = sigmoid(z[k]);
          next[k] = z[k] * sig[k];
        }
      }
    }
  }

  /**
   * Backward pass for the rows of the last {@link #forward}: ADDS {@code d loss / d params} to {@code g}
   * given {@code dOut = d loss / d output} ({@code [rows, out]}; overwritten as scratch).
   */
  void backward(float[] p, Tape tape, float[] dOut, float[] g) {
    int rows = tape.rows;
    float[] dz = dOut;
    for (int l = layers() - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] a = tape.act[l];
      int ko = kernelOffset[l];
      int bo = biasOffset[l];
      for (int r = 0; r < rows; r++) {
        FloatKernels.axpy(g, bo, 1f, dz, r * out, out);
        for (int i = 0; i < in; i++) {
          float ai = a[r * in + i];
          if (ai != 0f) {
            FloatKernels.axpy(g, ko + i * out, ai, dz, r * out, out);
          }
        }
      }
      if (l == 0) {
        break;
      }
      float[] da = tape.grad[l - 1];
      float[] zPrev = tape.pre[l - 1];
      float[] sPrev = tape.sig[l - 1];
      for (int r = 0; r < rows; r++) {
        for (int i = 0; i < in; i++) {
          int k = r * in + i;
          float s = sPrev[k];
          float dSwish = s * (1f + zPrev[k] * (1f - s));
          da[k] = FloatKernels.dot(p, ko + i * out, dz, r * out, out) * dSwish;
        }
      }
      dz = da;
    }
  }

  static float sigmoid(float z) {
    return (float) (1.0 / (1.0 + Math.exp(-z)));
  }

  /** Forward activations of one batch, reused across calls; sized for at most {@code capacity} rows. */
  static final class Tape {
    final float[][] act;
    final float[][] pre;
    final float[][] grad;
    final float[][] sig;
    final int capacity;
    private final int outSize;
    int rows;

    Tape(int[] sizes, int capacity) {
      int layers = sizes.length - 1;
      this.capacity = capacity;
      this.outSize = sizes[layers];
      act = new float[layers][];
      pre = new float[layers][];
      grad = new float[Math.max(layers - 1, 0)][];
      sig = new float[Math.max(layers - 1, 0)][];
      for (int l = 0; l < layers; l++) {
        act[l] = new float[capacity * sizes[l]];
        pre[l] = new float[capacity * sizes[l + 1]];
        if (l < layers - 1) {
          grad[l] = new float[capacity * sizes[l + 1]];
          sig[l] = new float[capacity * sizes[l + 1]];
        }
      }
    }

    /** The output pre-activations of the last forward pass, {@code [rows, out]}. */
    float[] output() {
      return pre[pre.length - 1];
    }

    int outputSize() {
      return outSize;
    }
  }
}
