package io.optim4rl.agents.nets;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference's 2x2 convolution over the (plane, row) axes of a channel-first gridworld observation,
 * with the map columns as input channels (REFERENCE 2, "Conv layout quirk"; Section 10 item 5):
 *
 * <pre>
 *   out[b, c, r, f] = bias[f] + sum_{a, d in {0,1}} sum_{w < W} in[b, c+a, r+d, w] K[a, d, w, f]
 * </pre>
 *
 * with {@code in = 0} beyond the last plane ({@code c + a > N}) or the last row ({@code r + d > H - 1})
 * (flax "SAME" padding (0, 1) for an even kernel). The output keeps the (plane, row) grid: one output
 * row {@code g = (b (N+1) + c) H + r} of F features per position, flattened per sample as
 * {@code (c H + r) F + f}.
 *
 * <p>im2col plus one gemm, restricted to the positions whose 2x2 window holds a non-zero input (the
 * others are exactly {@code bias}; a gridworld observation has N+1 ones, so at most 4(N+1) of the
 * (N+1) H positions qualify). The compact patch matrix P has one row per such position and {@code 4W}
 * columns {@code (2a + d) W + w} holding {@code in[b, c+a, r+d, w]}; then {@code out = bias + P K'} on
 * those rows with {@code K' = K.reshape(4W, F)}, and the kernel gradient is {@code P^T dOut[rows]}.
 * No gradient with respect to the input is computed.
 *
 * <p>CPU backend only: the patch matrix and the output are written through the arrays' host buffers.
 */
final class PlaneRowConv {

  private final int planes;
  private final int rows;
  private final int cols;
  private final int features;

  /**
   * @param planes N+1, the observation's first axis
   * @param rows H
   * @param cols W (the conv's input channels)
   * @param features output channels F
   */
  PlaneRowConv(int planes, int rows, int cols, int features) {
    if (!Nd4j.getEnvironment().isCPU()) {
      throw new UnsupportedOperationException("the C16_D32 conv writes host buffers directly and "
          + "needs the ND4J CPU backend (nd4j-native)");
    }
    this.planes = planes;
    this.rows = rows;
    this.cols = cols;
    this.features = features;
  }

  /** Entries of one flattened output sample, {@code (N+1) H F}. */
  int outputSize() {
    return planes * rows * features;
  }

  /** Columns of a patch, {@code 4W} (= the kernel's fan-in). */
  int patchSize() {
    return 4 * cols;
  }

  /**
   * The compact im2col of observations {@code [B, (N+1) H W]} (FLOAT or DOUBLE, any values).
   *
   * @return the patch matrix {@code [R, 4W]} (null when every observation is zero) and, per patch row,
   *     its output row {@code g = (b (N+1) + c) H + r}, increasing
   */
  Patches patches(INDArray observations) {
    DataType dt = observations.dataType();
    if (dt != DataType.FLOAT && dt != DataType.DOUBLE) {
      throw new IllegalArgumentException("conv input must be FLOAT or DOUBLE, not " + dt);
    }
    INDArray obs = observations.isView() || observations.ordering() != 'c'
        ? observations.dup('c') : observations;
    int batch = Math.toIntExact(obs.size(0));
    Scatter s = new Scatter(batch, planes * rows);
    int sampleSize = planes * rows * cols;
    double[] sample = new double[sampleSize];
    if (dt == DataType.FLOAT) {
      FloatBuffer in = nio(obs).asFloatBuffer();
      float[] sampleF = new float[sampleSize];
      for (int b = 0; b < batch; b++) {
        in.get(b * sampleSize, sampleF);
        for (int i = 0; i < sampleSize; i++) {
          sample[i] = sampleF[i];
        }
        addSample(s, b, sample);
      }
    } else {
      DoubleBuffer in = nio(obs).asDoubleBuffer();
      for (int b = 0; b < batch; b++) {
        in.get(b * sampleSize, sample);
        addSample(s, b, sample);
      }
    }
    return s.toPatches(dt, patchSize());
  }

  /** Adds the patch rows and entries of sample b: input (p, row, w) lands in windows (p-a, row-d). */
  private void addSample(Scatter s, int b, double[] sample) {
    s.startSample();
    for (int i = 0; i < sample.length; i++) {
      if (sample[i] != 0.0) {
        int row = (i / cols) % rows;
        int p = i / (cols * rows);
        for (int a = 0; a <= Math.min(1, p); a++) {
          for (int d = 0; d <= Math.min(1, row); d++) {
            s.markWindow((p - a) * rows + row - d);
          }
        }
      }
    }
    s.assignRows(b);
    for (int i = 0; i < sample.length; i++) {
      if (sample[i] != 0.0) {
        int w = i % cols;
        int row = (i / cols) % rows;
        int p = i / (cols * rows);
        for (int a = 0; a <= Math.min(1, p); a++) {
          for (int d = 0; d <= Math.min(1, row); d++) {
            s.addEntry((p - a) * rows + row - d, (2 * a + d) * cols + w, patchSize(), sample[i]);
          }
        }
      }
    }
  }

  /**
   * Output {@code [B, (N+1) H F]}: {@code bias} everywhere plus {@code P K'} on the patch rows, then
   * the ReLU if asked (fused into the same pass over the output).
   *
   * @param kernel conv kernel {@code (2, 2, W, F)}
   * @param bias {@code (F)}
   * @param relu whether to return {@code relu(out)} instead of the pre-activation
   */
  INDArray forward(Patches patches, INDArray kernel, INDArray bias, boolean relu) {
    DataType dt = kernel.dataType();
    long outRows = (long) patches.batch() * planes * rows;
    if (outRows * features * dt.width() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("conv output for " + patches.batch()
          + " observations exceeds 2 GiB; evaluate the batch in smaller chunks");
    }
    INDArray out = Nd4j.createUninitialized(dt, outRows * features);
    double[] b = bias.toDoubleVector();
    int[] patchRows = patches.outputRows();
    double[] pk = patches.matrix() == null ? new double[0] : patches.matrix()
        .mmul(kernel.reshape('c', patchSize(), features)).dup('c').data().asDouble();
    if (dt == DataType.FLOAT) {
      fill(nio(out).asFloatBuffer(), null, outRows, b, patchRows, pk, relu);
    } else {
      fill(null, nio(out).asDoubleBuffer(), outRows, b, patchRows, pk, relu);
    }
    return out.reshape('c', patches.batch(), outputSize());
  }

  /**
   * Writes bias, plus the product row where an output row has a patch (then the ReLU if asked), into
   * exactly one of the buffers.
   */
  private void fill(FloatBuffer f, DoubleBuffer d, long outRows, double[] bias, int[] patchRows,
      double[] product, boolean relu) {
    double[] biasOut = bias.clone();
    for (int k = 0; k < features && relu; k++) {
      biasOut[k] = Math.max(bias[k], 0.0);
    }
    int next = 0;
    for (int g = 0; g < outRows; g++) {
      boolean hasPatch = next < patchRows.length && patchRows[next] == g;
      for (int k = 0; k < features; k++) {
        double v = hasPatch ? bias[k] + product[next * features + k] : biasOut[k];
        v = relu && hasPatch ? Math.max(v, 0.0) : v;
        if (f != null) {
          f.put(g * features + k, (float) v);
        } else {
          d.put(g * features + k, v);
        }
      }
      next += hasPatch ? 1 : 0;
    }
  }

  /**
   * Kernel and bias gradients from the output gradient {@code dOut [B, (N+1) H F]}:
   * {@code dK = P^T dOut'[rows]} and {@code db = sum_rows dOut'} with
   * {@code dOut' = dOut.reshape(B (N+1) H, F)}.
   */
  void paramGrad(Patches patches, INDArray dOut, INDArray kernelGrad, INDArray biasGrad) {
    INDArray d = dOut.reshape('c', (long) patches.batch() * planes * rows, features);
    biasGrad.assign(Layers.columnSums(d).reshape(biasGrad.shape()));
    if (patches.matrix() == null) {
      kernelGrad.assign(0);
      return;
    }
    INDArray dRows = Nd4j.pullRows(d, 1, patches.outputRows());
    kernelGrad.assign(Nd4j.gemm(patches.matrix(), dRows, true, false).reshape(kernelGrad.shape()));
  }

  private static java.nio.ByteBuffer nio(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder());
  }

  /**
   * A compact im2col.
   *
   * @param matrix patch rows {@code [R, 4W]}, or null when R = 0
   * @param outputRows the output row {@code g = (b (N+1) + c) H + r} of each patch row, increasing
   * @param batch B, the number of observations
   */
  record Patches(INDArray matrix, int[] outputRows, int batch) {}

  /** Builder of a compact patch matrix: rows in increasing output order, entries (index, value). */
  private static final class Scatter {
    private final int positions;
    private final int[] slot;
    private final boolean[] marked;
    private final int batch;
    private int[] outputRows = new int[64];
    private int numRows;
    private int[] entryIndex = new int[64];
    private double[] entryValue = new double[64];
    private int numEntries;

    Scatter(int batch, int positions) {
      this.batch = batch;
      this.positions = positions;
      this.slot = new int[positions];
      this.marked = new boolean[positions];
    }

    void startSample() {
      Arrays.fill(marked, false);
    }

    void markWindow(int position) {
      marked[position] = true;
    }

    /** Gives every marked position of sample b a patch row, in increasing position order. */
    void assignRows(int b) {
      for (int pos = 0; pos < positions; pos++) {
        if (marked[pos]) {
          if (numRows == outputRows.length) {
            outputRows = Arrays.copyOf(outputRows, 2 * numRows);
          }
          slot[pos] = numRows;
          outputRows[numRows++] = b * positions + pos;
        }
      }
    }

    void addEntry(int position, int column, int width, double value) {
      if (numEntries == entryIndex.length) {
        entryIndex = Arrays.copyOf(entryIndex, 2 * numEntries);
        entryValue = Arrays.copyOf(entryValue, 2 * numEntries);
      }
      long index = (long) slot[position] * width + column;
      entryIndex[numEntries] = Math.toIntExact(index);
      entryValue[numEntries++] = value;
    }

    Patches toPatches(DataType dt, int width) {
      int[] rowsOut = Arrays.copyOf(outputRows, numRows);
      if (numRows == 0) {
        return new Patches(null, rowsOut, batch);
      }
      INDArray m = Nd4j.zeros(dt, numRows, width);
      java.nio.ByteBuffer buf = nio(m);
      if (dt == DataType.FLOAT) {
        FloatBuffer f = buf.asFloatBuffer();
        for (int e = 0; e < numEntries; e++) {
          f.put(entryIndex[e], (float) entryValue[e]);
        }
      } else {
        DoubleBuffer d = buf.asDoubleBuffer();
        for (int e = 0; e < numEntries; e++) {
          d.put(entryIndex[e], entryValue[e]);
        }
      }
      return new Patches(m, rowsOut, batch);
    }
  }
}
