package io.optim4rl.agents.units;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * D32 / D256 for one unit (REFERENCE 2): {@code h = relu(x K_1 + b_1)} with x the flattened observation,
 * then the heads. Tensors {@code feature_net.layers_1.bias (H)} and {@code feature_net.layers_1.kernel
 * (D, H)}, the layout of {@link io.optim4rl.agents.nets.DenseActorCriticNet}.
 *
 * <p>x is sparse, so {@code x K_1 = sum over non-zero i of x_i K_1[i, :]} and the kernel gradient
 * {@code sum_t x_t^T dz_t} only has the rows of those i; all other rows of the gradient are 0.
 */
final class DenseUnitNet extends UnitNet {

  static final String HIDDEN_BIAS = "feature_net.layers_1.bias";
  static final String HIDDEN_KERNEL = "feature_net.layers_1.kernel";

  private final String name;
  private final int hiddenBias;
  private final int hiddenKernel;

  DenseUnitNet(String name, int[] observationShape, int hidden, int numActions) {
    super(shapes(size(observationShape), hidden), size(observationShape), hidden, numActions);
    this.name = name;
    this.hiddenBias = offset(HIDDEN_BIAS);
    this.hiddenKernel = offset(HIDDEN_KERNEL);
  }

  private static Map<String, long[]> shapes(int observationSize, int hidden) {
    Map<String, long[]> shapes = new HashMap<>();
    shapes.put(HIDDEN_BIAS, new long[] {hidden});
    shapes.put(HIDDEN_KERNEL, new long[] {observationSize, hidden});
    return shapes;
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  String name() {
    return name;
  }

  @Override
  UnitTape newTape(int rows) {
    return new UnitTape(rows, hidden, numActions, 0, 0);
  }

  @Override
  UnitScratch newScratch(int steps) {
    return new UnitScratch(steps, numActions, hidden, 0, 0);
  }

  @Override
  void forwardFeatures(float[] p, int base, UnitTape tape, int t, UnitScratch s) {
    int h0 = t * hidden;
    float[] h = tape.features;
    System.arraycopy(p, base + hiddenBias, h, h0, hidden);
    for (int k = tape.hotStart[t]; k < tape.hotStart[t + 1]; k++) {
      FloatKernels.axpy(h, h0, tape.hotValue[k], p, base + hiddenKernel + tape.hotIndex[k] * hidden, hidden);
    }
    for (int j = 0; j < hidden; j++) {
      h[h0 + j] = Math.max(h[h0 + j], 0f);
    }
  }

  @Override
  void backward(float[] p, int base, UnitTape tape, int steps, UnitScratch s, float[] g, int gBase) {
    Arrays.fill(g, gBase + hiddenBias, gBase + hiddenBias + hidden, 0f);
    Arrays.fill(g, gBase + hiddenKernel, gBase + hiddenKernel + observationSize * hidden, 0f);
    beginHeadsBackward(g, gBase, s);
    int gb = gBase + hiddenBias;
    for (int t = 0; t < steps; t++) {
      headsBackward(p, base, tape, t, s, g, gBase);
      int h0 = t * hidden;
      for (int j = 0; j < hidden; j++) {
        g[gb + j] += s.dHidden[h0 + j];
      }
      for (int k = tape.hotStart[t]; k < tape.hotStart[t + 1]; k++) {
        int row = gBase + hiddenKernel + tape.hotIndex[k] * hidden;
        FloatKernels.axpy(g, row, tape.hotValue[k], s.dHidden, h0, hidden);
      }
    }
    endHeadsBackward(g, gBase, s);
  }
}
