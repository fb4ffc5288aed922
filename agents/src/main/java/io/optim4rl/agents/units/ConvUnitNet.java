package io.optim4rl.agents.units;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * C16_D32 for one unit (REFERENCE 2), the layout of {@link io.optim4rl.agents.nets.ConvActorCriticNet}:
 *
 * <pre>
 *   z[c, r, f] = b_0[f] + sum_{a, d in {0,1}} sum_w in[c+a, r+d, w] K_0[a, d, w, f]   (conv over (plane, row))
 *   y          = relu(z),  flattened (c H + r) F + f,  F = 16
 *   h          = relu(y K_3 + b_3)                                                  (32)
 * </pre>
 *
 * <p>Sparsity: a position (c, r) whose 2x2 window holds no non-zero input has {@code y = relu(b_0)}. Per
 * call and unit, {@link #prepare} computes the column sums {@code S_f = sum_pos K_3[pos F + f, :]} and
 * {@code e = sum_f relu(b_0)[f] S_f} (the dense input of an empty map); a row then needs only its touched
 * positions P_t (at most 4 per non-zero input):
 *
 * <pre>
 *   y K_3 = e + sum_{pos in P_t} sum_f (y[pos, f] - relu(b_0)[f]) K_3[pos F + f, :]
 *   dK_3  = relu(b_0) (x) sum_t dz_t  +  sum_t sum_{pos in P_t} (y_t[pos] - relu(b_0)) (x) dz_t
 *   db_0  = 1[b_0 > 0] (S . sum_t dz_t - sum_t sum_{pos in P_t} K_3[pos] dz_t) + sum_t sum_{P_t} 1[y > 0] K_3[pos] dz_t
 * </pre>
 *
 * with dz_t the gradient at the dense pre-activation; the conv kernel gradient only has contributions at
 * touched positions, where the inputs are.
 */
final class ConvUnitNet extends UnitNet {

  static final String CONV_BIAS = "feature_net.layers_0.bias";
  static final String CONV_KERNEL = "feature_net.layers_0.kernel";
  static final String DENSE_BIAS = "feature_net.layers_3.bias";
  static final String DENSE_KERNEL = "feature_net.layers_3.kernel";
  static final int F = 16;
  static final int HIDDEN = 32;

  private final int rows;
  private final int cols;
  private final int positions;
  private final int convBias;
  private final int convKernel;
  private final int denseBias;
  private final int denseKernel;

  ConvUnitNet(int[] observationShape, int numActions) {
    super(shapes(observationShape), DenseUnitNet.size(observationShape), HIDDEN, numActions);
    this.rows = observationShape[1];
    this.cols = observationShape[2];
    this.positions = observationShape[0] * rows;
    this.convBias = offset(CONV_BIAS);
    this.convKernel = offset(CONV_KERNEL);
    this.denseBias = offset(DENSE_BIAS);
    this.denseKernel = offset(DENSE_KERNEL);
  }

  private static Map<String, long[]> shapes(int[] shape) {
    if (shape.length != 3) {
      throw new IllegalArgumentException("C16_D32 needs a channel-first observation (N+1, H, W), got "
          + Arrays.toString(shape));
    }
    Map<String, long[]> shapes = new HashMap<>();
    shapes.put(CONV_BIAS, new long[] {F});
    shapes.put(CONV_KERNEL, new long[] {2, 2, shape[2], F});
    shapes.put(DENSE_BIAS, new long[] {HIDDEN});
    shapes.put(DENSE_KERNEL, new long[] {(long) shape[0] * shape[1] * F, HIDDEN});
    return shapes;
  }

  @Override
  String name() {
    return "C16_D32";
  }

  @Override
  UnitTape newTape(int tapeRows) {
    return new UnitTape(tapeRows, HIDDEN, numActions, F, HIDDEN);
  }

  @Override
  UnitScratch newScratch(int steps) {
    return new UnitScratch(steps, numActions, HIDDEN, positions, F);
  }

  @Override
  void prepareFeatures(float[] p, int base, UnitTape tape) {
    for (int f = 0; f < F; f++) {
      tape.reluBias[f] = Math.max(p[base + convBias + f], 0f);
    }
    double[] sums = tape.kernelColumnSumsDouble;
    Arrays.fill(sums, 0.0);
    int k = base + denseKernel;
    for (int pos = 0; pos < positions; pos++) {
      for (int q = 0; q < F * HIDDEN; q++) {
        sums[q] += p[k++];
      }
    }
    for (int j = 0; j < HIDDEN; j++) {
      double e = 0;
      for (int f = 0; f < F; f++) {
        e += tape.reluBias[f] * sums[f * HIDDEN + j];
      }
      tape.emptyMapInput[j] = (float) e;
    }
    for (int q = 0; q < F * HIDDEN; q++) {
      tape.kernelColumnSums[q] = (float) sums[q];
    }
  }

  @Override
  void forwardFeatures(float[] p, int base, UnitTape tape, int t, UnitScratch s) {
    int n = convForward(p, base, tape, t, s);
    int t0 = tape.touchedStart[t];
    int h0 = t * HIDDEN;
    float[] h = tape.features;
    for (int j = 0; j < HIDDEN; j++) {
      h[h0 + j] = p[base + denseBias + j] + tape.emptyMapInput[j];
    }
    for (int sl = 0; sl < n; sl++) {
      int pos = tape.touched[t0 + sl];
      int z0 = (t0 + sl) * F;
      for (int f = 0; f < F; f++) {
        float y = Math.max(tape.convOut[z0 + f], 0f);
        tape.convOut[z0 + f] = y;
        float delta = y - tape.reluBias[f];
        if (delta != 0f) {
          FloatKernels.axpy(h, h0, delta, p, base + denseKernel + (pos * F + f) * HIDDEN, HIDDEN);
        }
      }
    }
    for (int j = 0; j < HIDDEN; j++) {
      h[h0 + j] = Math.max(h[h0 + j], 0f);
    }
  }

  /** Pre-activations z of the touched positions of row t into the tape; returns how many there are. */
  private int convForward(float[] p, int base, UnitTape tape, int t, UnitScratch s) {
    int stamp = s.nextStamp();
    int t0 = t == 0 ? 0 : tape.touchedStart[t];
    tape.touchedStart[t] = t0;
    int hot0 = tape.hotStart[t];
    int hot1 = tape.hotStart[t + 1];
    tape.ensureTouched(t0 + Math.min(positions, 4 * (hot1 - hot0)));
    int n = 0;
    for (int k = hot0; k < hot1; k++) {
      float x = tape.hotValue[k];
      int i = tape.hotIndex[k];
      int w = i % cols;
      int row = (i / cols) % rows;
      int plane = i / (cols * rows);
      for (int a = 0; a <= Math.min(1, plane); a++) {
        for (int d = 0; d <= Math.min(1, row); d++) {
          int pos = (plane - a) * rows + row - d;
          int sl;
          if (s.stamp[pos] != stamp) {
            s.stamp[pos] = stamp;
            sl = n++;
            s.slot[pos] = sl;
            tape.touched[t0 + sl] = pos;
            System.arraycopy(p, base + convBias, tape.convOut, (t0 + sl) * F, F);
          } else {
            sl = s.slot[pos];
          }
          int z0 = (t0 + sl) * F;
          int k0 = base + convKernel + ((2 * a + d) * cols + w) * F;
          for (int f = 0; f < F; f++) {
            tape.convOut[z0 + f] += x * p[k0 + f];
          }
        }
      }
    }
    tape.touchedStart[t + 1] = t0 + n;
    return n;
  }

  @Override
  void backward(float[] p, int base, UnitTape tape, int steps, UnitScratch s, float[] g, int gBase) {
    beginHeadsBackward(g, gBase, s);
    Arrays.fill(g, gBase + convKernel, gBase + convKernel + 4 * cols * F, 0f);
    float[] dSum = s.dHiddenSum;
    Arrays.fill(dSum, 0f);
    for (int t = 0; t < steps; t++) {
      headsBackward(p, base, tape, t, s, g, gBase);
      for (int j = 0; j < HIDDEN; j++) {
        dSum[j] += s.dHidden[t * HIDDEN + j];
      }
    }
    System.arraycopy(dSum, 0, g, gBase + denseBias, HIDDEN);
    untouchedGradients(tape, dSum, g, gBase);
    for (int t = 0; t < steps; t++) {
      touchedGradients(p, base, tape, t, s, g, gBase);
    }
    endHeadsBackward(g, gBase, s);
  }

  /** Dense kernel and conv bias gradients as if no position were ever touched. */
  private void untouchedGradients(UnitTape tape, float[] dSum, float[] g, int gBase) {
    int row = gBase + denseKernel;
    for (int pos = 0; pos < positions; pos++) {
      for (int f = 0; f < F; f++) {
        float r = tape.reluBias[f];
        for (int j = 0; j < HIDDEN; j++) {
          g[row++] = r * dSum[j];
        }
      }
    }
    for (int f = 0; f < F; f++) {
      float db = 0f;
      if (tape.reluBias[f] > 0f) {
        for (int j = 0; j < HIDDEN; j++) {
          db += tape.kernelColumnSums[f * HIDDEN + j] * dSum[j];
        }
      }
      g[gBase + convBias + f] = db;
    }
  }

  /** Corrections of row t at its touched positions, and the conv kernel gradient. */
  private void touchedGradients(float[] p, int base, UnitTape tape, int t, UnitScratch s, float[] g,
      int gBase) {
    int t0 = tape.touchedStart[t];
    int n = tape.touchedStart[t + 1] - t0;
    int dz0 = t * HIDDEN;
    int stamp = s.nextStamp();
    for (int sl = 0; sl < n; sl++) {
      int pos = tape.touched[t0 + sl];
      s.stamp[pos] = stamp;
      s.slot[pos] = sl;
      for (int f = 0; f < F; f++) {
        int q = (pos * F + f) * HIDDEN;
        int krow = base + denseKernel + q;
        float y = tape.convOut[(t0 + sl) * F + f];
        float r = tape.reluBias[f];
        float delta = y - r;
        if (delta != 0f) {
          FloatKernels.axpy(g, gBase + denseKernel + q, delta, s.dHidden, dz0, HIDDEN);
        }
        float dz = 0f;
        if (y > 0f || r > 0f) {
          float dy = FloatKernels.dot(p, krow, s.dHidden, dz0, HIDDEN);
          dz = y > 0f ? dy : 0f;
          g[gBase + convBias + f] += r > 0f ? dz - dy : dz;
        }
        s.dConv[sl * F + f] = dz;
      }
    }
    for (int k = tape.hotStart[t]; k < tape.hotStart[t + 1]; k++) {
      float x = tape.hotValue[k];
      int i = tape.hotIndex[k];
      int w = i % cols;
      int row = (i / cols) % rows;
      int plane = i / (cols * rows);
      for (int a = 0; a <= Math.min(1, plane); a++) {
        for (int d = 0; d <= Math.min(1, row); d++) {
          int sl = s.slot[(plane - a) * rows + row - d];
          int k0 = gBase + convKernel + ((2 * a + d) * cols + w) * F;
          for (int f = 0; f < F; f++) {
            g[k0 + f] += x * s.dConv[sl * F + f];
          }
        }
      }
    }
  }
}
