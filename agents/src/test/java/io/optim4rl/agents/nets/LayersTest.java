package io.optim4rl.agents.nets;

import static io.optim4rl.agents.testing.FiniteDifferences.NETWORK_TOL;
import static io.optim4rl.agents.testing.NetFixtures.dot;
import static io.optim4rl.agents.testing.NetFixtures.flat;
import static io.optim4rl.agents.testing.NetFixtures.gaussians;
import static io.optim4rl.agents.testing.NetFixtures.matrix;
import static io.optim4rl.agents.testing.NetFixtures.sparseObservations;
import static io.optim4rl.agents.testing.NetFixtures.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optim4rl.agents.testing.FiniteDifferences;
import io.optim4rl.agents.testing.Golden;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer-level checks: Dense and ReLU backward against central differences, and the (plane, row) conv
 * of REFERENCE 2 (im2col + gemm) against a literal loop of its formula and against central differences.
 */
class LayersTest {

  private static final int ROWS = 5;

  @Test
  void denseLayerGradientsMatchFiniteDifferences() {
    int in = 7;
    int out = 4;
    double[] x = gaussians(ROWS * in, 1);
    double[] kernel = gaussians(in * out, 2);
    double[] bias = gaussians(out, 3);
    double[] c = gaussians(ROWS * out, 4);
    // Objective S = sum(c * relu(x K + b)).
    INDArray dy = matrix(c, ROWS, out);
    INDArray y = Layers.reluInPlace(
        Layers.affine(matrix(x, ROWS, in), matrix(kernel, in, out), vector(bias)));
    INDArray dz = Layers.reluBackwardInPlace(dy.dup(), y);
    INDArray kernelGrad = Nd4j.zeros(DataType.DOUBLE, in, out);
    INDArray biasGrad = Nd4j.zeros(DataType.DOUBLE, out);
    Layers.affineParamGrad(matrix(x, ROWS, in), dz, kernelGrad, biasGrad);
    INDArray dx = Layers.affineInputGrad(dz, matrix(kernel, in, out));

    int[] all = IntStream.range(0, in * out).toArray();
    FiniteDifferences.assertAgree("dK", flat(kernelGrad), FiniteDifferences.gradient(
        k -> dot(c, flat(Layers.reluInPlace(Layers.affine(matrix(x, ROWS, in), matrix(k, in, out),
            vector(bias))))), kernel, all), NETWORK_TOL);
    FiniteDifferences.assertAgree("db", flat(biasGrad), FiniteDifferences.gradient(
        b -> dot(c, flat(Layers.reluInPlace(Layers.affine(matrix(x, ROWS, in), matrix(kernel, in, out),
            vector(b))))), bias, IntStream.range(0, out).toArray()), NETWORK_TOL);
    FiniteDifferences.assertAgree("dx", flat(dx), FiniteDifferences.gradient(
        xx -> dot(c, flat(Layers.reluInPlace(Layers.affine(matrix(xx, ROWS, in), matrix(kernel, in, out),
            vector(bias))))), x, IntStream.range(0, ROWS * in).toArray()), NETWORK_TOL);
  }

  @Test
  void convEqualsTheLiteralFormulaInDoubleAndFloat() {
    int planes = 3;
    int rows = 4;
    int cols = 5;
    int f = 6;
    PlaneRowConv conv = new PlaneRowConv(planes, rows, cols, f);
    int size = planes * rows * cols;
    double[] kernel = gaussians(4 * cols * f, 12);
    double[] bias = gaussians(f, 13);
    double[] sparse = sparseObservations(ROWS, size, 0.1, 11);
    sparse[7] = -2.5; // any value, not only 0/1
    Arrays.fill(sparse, 2 * size, 3 * size, 0.0); // one all-zero observation
    sparse[size - 1] = 1; // last plane, last row, last column: padded windows
    double[][] cases = {sparse, sparseObservations(ROWS, size, 0.9, 14), new double[ROWS * size]};
    for (double[] obs : cases) {
      double[] expected = literalConv(obs, kernel, bias, planes, rows, cols, f);
      INDArray x = matrix(obs, ROWS, size);
      INDArray k = Nd4j.create(kernel.clone(), new long[] {2, 2, cols, f});
      double[] actual = flat(conv.forward(conv.patches(x), k, vector(bias), false));
      Golden.assertClose("conv (double)", expected, actual);
      DataType fl = DataType.FLOAT;
      double[] actualFloat = flat(conv.forward(
          conv.patches(x.castTo(fl)), k.castTo(fl), vector(bias).castTo(fl), false));
      Golden.assertClose("conv (float)", expected, actualFloat, 1e-5);
      double[] relu = Arrays.stream(expected).map(v -> Math.max(v, 0.0)).toArray();
      Golden.assertClose("relu(conv)", relu, flat(conv.forward(conv.patches(x), k, vector(bias), true)));
    }
    assertEquals(0, conv.patches(matrix(cases[2], ROWS, size)).outputRows().length);
  }

  /** out[b,c,r,f] = bias[f] + sum_{a,d,w} in[b,c+a,r+d,w] K[a,d,w,f], zero beyond the last plane/row. */
  static double[] literalConv(double[] in, double[] kernel, double[] bias, int planes, int rows,
      int cols, int features) {
    int batch = in.length / (planes * rows * cols);
    double[] out = new double[batch * planes * rows * features];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < planes; c++) {
        for (int r = 0; r < rows; r++) {
          for (int f = 0; f < features; f++) {
            double s = bias[f];
            for (int a = 0; a <= 1; a++) {
              for (int d = 0; d <= 1; d++) {
                for (int w = 0; w < cols; w++) {
                  if (c + a < planes && r + d < rows) {
                    s += in[((b * planes + c + a) * rows + r + d) * cols + w]
                        * kernel[((a * 2 + d) * cols + w) * features + f];
                  }
                }
              }
            }
            out[((b * planes + c) * rows + r) * features + f] = s;
          }
        }
      }
    }
    return out;
  }

  @Test
  void convParameterGradientsMatchFiniteDifferences() {
    int planes = 3;
    int rows = 4;
    int cols = 5;
    int f = 6;
    PlaneRowConv conv = new PlaneRowConv(planes, rows, cols, f);
    double[] obs = sparseObservations(ROWS, planes * rows * cols, 0.2, 21);
    obs[planes * rows * cols - 1] = 1;
    PlaneRowConv.Patches patches = conv.patches(matrix(obs, ROWS, planes * rows * cols));
    double[] kernel = gaussians(4 * cols * f, 22);
    double[] bias = gaussians(f, 23);
    double[] c = gaussians(ROWS * conv.outputSize(), 24);
    INDArray kernelGrad = Nd4j.zeros(DataType.DOUBLE, 2, 2, cols, f);
    INDArray biasGrad = Nd4j.zeros(DataType.DOUBLE, f);
    conv.paramGrad(patches, matrix(c, ROWS, conv.outputSize()), kernelGrad, biasGrad);
    FiniteDifferences.assertAgree("conv dK", flat(kernelGrad), FiniteDifferences.gradient(
        k -> dot(c, flat(conv.forward(patches, Nd4j.create(k.clone(), new long[] {2, 2, cols, f}),
            vector(bias), false))), kernel, IntStream.range(0, kernel.length).toArray()), NETWORK_TOL);
    FiniteDifferences.assertAgree("conv db", flat(biasGrad), FiniteDifferences.gradient(
        b -> dot(c, flat(conv.forward(patches, Nd4j.create(kernel.clone(), new long[] {2, 2, cols, f}),
            vector(b), false))), bias, IntStream.range(0, f).toArray()), NETWORK_TOL);
  }
}
