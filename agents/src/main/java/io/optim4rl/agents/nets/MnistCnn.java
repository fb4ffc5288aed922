package io.optim4rl.agents.nets;

import io.optim4rl.agents.params.ParamLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * MNIST_CNN of the supervised gradient collection (REFERENCE 2, 7.2): a genuine 2-D image convolution
 * Conv(16, 2x2, stride 1, SAME = zero padding of one row and column after the end) over the 28x28x1 image
 * (NHWC) -> ReLU -> flatten (i, j, f) to 12,544 -> Dense(32) -> ReLU -> Dense(10) logits; 401,850 parameters
 * in canonical order feature_net.layers_0.{bias (16), kernel (2,2,1,16)}, feature_net.layers_3.{bias (32),
 * kernel (12544,32)}, head.{bias (10), kernel (32,10)}; LeCun-normal kernels, zero biases.
 *
 * <p>Loss: mean softmax cross-entropy over the batch. Forward and backward are batched: the convolution is
 * an im2col GEMM ([B*784, 4] patches x [4, 16] kernel), then two dense GEMMs; the backward pass is explicit.
 * Works in the data type of the parameters given (FLOAT to train, DOUBLE for gradient checks). Stateless.
 */
public final class MnistCnn {

  /** Image side. */
  public static final int SIDE = 28;
  /** Pixels per image. */
  public static final int PIXELS = SIDE * SIDE;
  /** Conv features. */
  public static final int FEATURES = 16;
  /** Hidden units of the dense layer. */
  public static final int HIDDEN = 32;
  /** Classes. */
  public static final int CLASSES = 10;
  static final String CONV_B = "feature_net.layers_0.bias";
  static final String CONV_K = "feature_net.layers_0.kernel";
  static final String DENSE_B = "feature_net.layers_3.bias";
  static final String DENSE_K = "feature_net.layers_3.kernel";
  static final String HEAD_B = "head.bias";
  static final String HEAD_K = "head.kernel";

  private final ParamLayout layout;

  public MnistCnn() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put(CONV_B, new long[] {FEATURES});
    shapes.put(CONV_K, new long[] {2, 2, 1, FEATURES});
    shapes.put(DENSE_B, new long[] {HIDDEN});
    shapes.put(DENSE_K, new long[] {(long) PIXELS * FEATURES, HIDDEN});
    shapes.put(HEAD_B, new long[] {CLASSES});
    shapes.put(HEAD_K, new long[] {HIDDEN, CLASSES});
    this.layout = ParamLayout.of(shapes);
  }

  public ParamLayout layout() {
    return layout;
  }

  /** Fresh parameters: LeCun-normal kernels from {@code rng}, zero biases. */
  public INDArray init(SplittableRandom rng, DataType dataType) {
    return LecunNormal.params(layout, rng, dataType);
  }

  /**
   * The loss and its gradient.
   *
   * @param loss mean softmax cross-entropy
   * @param gradient flat, canonical order, the parameters' data type
   * @param correct number of images whose largest logit is the label
   */
  public record Result(double loss, INDArray gradient, int correct) {}

  /**
   * Mean cross-entropy of a batch and its gradient with respect to the parameters.
   *
   * @param params flat parameters (not modified)
   * @param images B x 784 pixels in [0, 1], row-major 28 x 28
   * @param labels B labels in 0..9
   */
  public Result lossAndGradient(INDArray params, float[][] images, int[] labels) {
    int b = images.length;
    DataType dt = params.dataType();
    INDArray patches = im2col(images, dt);                                          // [B*784, 4]
    INDArray convK = layout.view(params, CONV_K).reshape(4, FEATURES);
    INDArray conv = patches.mmul(convK).addiRowVector(layout.view(params, CONV_B)); // [B*784, 16]
    INDArray h1 = Transforms.relu(conv, true).reshape(b, (long) PIXELS * FEATURES); // conv now holds relu
    INDArray z2 = h1.mmul(layout.view(params, DENSE_K)).addiRowVector(layout.view(params, DENSE_B));
    INDArray h2 = Transforms.relu(z2, true);
    INDArray logits = h2.mmul(layout.view(params, HEAD_K)).addiRowVector(layout.view(params, HEAD_B));
    // softmax cross-entropy, stabilised by the row max
    INDArray shifted = logits.subColumnVector(logits.max(1).reshape(b, 1));
    INDArray exp = Transforms.exp(shifted, true);
    INDArray sum = exp.sum(1).reshape(b, 1);
    INDArray probs = exp.divColumnVector(sum);
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < b; i++) {
      loss += Math.log(sum.getDouble(i, 0)) - shifted.getDouble(i, labels[i]);
      if (logits.getRow(i).argMax().getInt(0) == labels[i]) {
        correct++;
      }
    }
    loss /= b;
    INDArray dLogits = probs;
    for (int i = 0; i < b; i++) {
      dLogits.putScalar(i, labels[i], dLogits.getDouble(i, labels[i]) - 1);
    }
    dLogits.divi(b);
    INDArray grad = Nd4j.zeros(dt, layout.numParams());
    layout.view(grad, HEAD_K).assign(h2.transpose().mmul(dLogits));
    layout.view(grad, HEAD_B).assign(dLogits.sum(0));
    INDArray dZ2 = dLogits.mmul(layout.view(params, HEAD_K).transpose()).muli(h2.gt(0).castTo(dt));
    layout.view(grad, DENSE_K).assign(h1.transpose().mmul(dZ2));
    layout.view(grad, DENSE_B).assign(dZ2.sum(0));
    INDArray dConv = dZ2.mmul(layout.view(params, DENSE_K).transpose()).reshape((long) b * PIXELS, FEATURES)
        .muli(conv.gt(0).castTo(dt));
    layout.view(grad, CONV_K).assign(patches.transpose().mmul(dConv).reshape(2, 2, 1, FEATURES));
    layout.view(grad, CONV_B).assign(dConv.sum(0));
    return new Result(loss, grad, correct);
  }

  /**
   * im2col for the 2x2 SAME convolution: row (b, i, j) holds x[i+a, j+d] at column 2a + d (the kernel's
   * row-major (a, d, c=0) order), zero beyond the image's last row or column.
   */
  static INDArray im2col(float[][] images, DataType dt) {
    int b = images.length;
    double[] out = new double[b * PIXELS * 4];
    int o = 0;
    for (float[] img : images) {
      if (img.length != PIXELS) {
        throw new IllegalArgumentException("an image has " + img.length + " pixels, expected " + PIXELS);
      }
      for (int i = 0; i < SIDE; i++) {
        for (int j = 0; j < SIDE; j++) {
          out[o++] = img[i * SIDE + j];
          out[o++] = j + 1 < SIDE ? img[i * SIDE + j + 1] : 0;
          out[o++] = i + 1 < SIDE ? img[(i + 1) * SIDE + j] : 0;
          out[o++] = i + 1 < SIDE && j + 1 < SIDE ? img[(i + 1) * SIDE + j + 1] : 0;
        }
      }
    }
    return Nd4j.createFromArray(out).castTo(dt).reshape((long) b * PIXELS, 4);
  }
}
