package io.optim4rl.agents.nets;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batched building blocks shared by the networks: the affine map of a flax {@code Dense} layer and ReLU,
 * each with its backward pass (REFERENCE 2). Rows are samples; every operation is one ND4J call over the
 * whole batch. ReLU works in place: at 10,752 rows a fresh activation array costs more (allocation and
 * page faults) than the arithmetic.
 */
final class Layers {

  private Layers() {}

  /** Dense forward {@code y = x K + b}: x {@code [B, in]}, K {@code [in, out]}, b {@code [out]}; new. */
  static INDArray affine(INDArray x, INDArray kernel, INDArray bias) {
    return x.mmul(kernel).addiRowVector(bias);
  }

  /**
   * Dense backward for the parameters: writes {@code dK = x^T dy} and {@code db = sum_rows dy} into the
   * given gradient views.
   */
  static void affineParamGrad(INDArray x, INDArray dy, INDArray kernelGrad, INDArray biasGrad) {
    kernelGrad.assign(Nd4j.gemm(x, dy, true, false).reshape(kernelGrad.shape()));
    biasGrad.assign(columnSums(dy).reshape(biasGrad.shape()));
  }

  /**
   * Column sums {@code 1^T m} {@code [1, cols]} of a matrix, as a gemm (at 800k x 16 about twice as fast
   * as ND4J's {@code sum(0)}).
   */
  static INDArray columnSums(INDArray m) {
    return Nd4j.gemm(Nd4j.ones(m.dataType(), m.size(0), 1), m, true, false);
  }

  /** Dense backward for the input: {@code dx = dy K^T}; new array {@code [B, in]}. */
  static INDArray affineInputGrad(INDArray dy, INDArray kernel) {
    return Nd4j.gemm(dy, kernel, false, true);
  }

  /** ReLU, {@code z <- max(z, 0)}, overwriting {@code z} (an array the caller owns); returns z. */
  static INDArray reluInPlace(INDArray z) {
    return Transforms.relu(z, false);
  }

  /**
   * ReLU backward from its output, overwriting {@code dy} (an array the caller owns) with
   * {@code dz = dy * 1[y > 0]} (derivative 0 at the kink, as in JAX); returns dy.
   */
  static INDArray reluBackwardInPlace(INDArray dy, INDArray y) {
    Nd4j.exec(new ThresholdReluBp(y, dy, dy, 0.0));
    return dy;
  }
}
