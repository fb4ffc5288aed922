package io.optim4rl.agents.nets;

import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * flax's default initialisation of the agent networks (REFERENCE 2): every kernel is LeCun-normal, i.e.
 * {@code z * sqrt(1 / fan_in) / 0.87962566103423978} with z a standard normal truncated to [-2, 2], and
 * every bias is 0.
 *
 * <p>fan_in is the product of all kernel dimensions but the last: {@code in} for a Dense kernel
 * {@code (in, out)}, {@code kh * kw * in} for a Conv kernel {@code (kh, kw, in, out)}. The constant is the
 * standard deviation of the truncated standard normal, so the kernel's standard deviation is
 * {@code sqrt(1 / fan_in)}. Truncation is by rejection (the same distribution as JAX's inverse-CDF
 * sampling, not the same stream). Tensors are drawn in canonical order from one generator.
 */
final class LecunNormal {

  /** Standard deviation of a standard normal truncated to [-2, 2]. */
  static final double TRUNCATED_STD = 0.87962566103423978;

  private LecunNormal() {}

  /** Fresh flat parameters for {@code layout}: tensors named {@code *.kernel} LeCun-normal, others 0. */
  static INDArray params(ParamLayout layout, SplittableRandom rng, DataType dataType) {
    double[] flat = new double[Math.toIntExact(layout.numParams())];
    for (ParamTensor t : layout.tensors()) {
      if (t.name().endsWith(".kernel")) {
        long[] shape = t.shape();
        long fanIn = t.size() / shape[shape.length - 1];
        double scale = Math.sqrt(1.0 / fanIn) / TRUNCATED_STD;
        int start = Math.toIntExact(t.offset());
        for (int i = 0; i < t.size(); i++) {
          flat[start + i] = scale * truncatedStandardNormal(rng);
        }
      }
    }
    return Nd4j.createFromArray(flat).castTo(dataType);
  }

  /** A standard normal draw conditioned on [-2, 2] (rejection; acceptance probability 0.954). */
  static double truncatedStandardNormal(SplittableRandom rng) {
    while (true) {
      double z = rng.nextGaussian();
      if (z >= -2.0 && z <= 2.0) {
        return z;
      }
    }
  }
}
