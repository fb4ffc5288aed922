package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import java.util.SplittableRandom;

/**
 * flax's initialisation of the learned optimizers' meta-parameters (REFERENCE 4.2):
 *
 * <ul>
 *   <li>GRU input kernels ({@code ir}, {@code iz}, {@code in}) and MLP kernels: LeCun-normal,
 *       {@code z * sqrt(1 / fan_in) / 0.87962566103423978} with z a standard normal truncated to [-2, 2]
 *       (fan_in = rows of the (in, out) kernel; the constant is the truncated normal's standard deviation);
 *   <li>GRU recurrent kernels ({@code hr}, {@code hz}, {@code hn}, 8 x 8): orthogonal with scale 1, the Q
 *       of the QR decomposition of a standard Gaussian matrix with the sign correction Q &lt;- Q diag(sign
 *       diag R) (which makes the distribution Haar);
 *   <li>all biases: 0.
 * </ul>
 *
 * <p>STAR (haiku, REFERENCE 4.5): {@code nn.w*} kernels {@code z / sqrt(fan_in)} with z a standard normal
 * truncated to [-2, 2] (haiku's TruncatedNormal: no variance correction), biases and decay parameters 0.
 *
 * <p>Tensors are drawn in canonical order from the one generator given; the stream is not JAX's
 * (REFERENCE 1.4), the distributions are.
 */
public final class MetaParamInit {

  /** Standard deviation of a standard normal truncated to [-2, 2]. */
  public static final double TRUNCATED_STD = 0.87962566103423978;

  private MetaParamInit() {}

  /** Fresh meta-parameters for {@code layout} (flat, canonical order). */
  public static double[] init(ParamLayout layout, SplittableRandom rng) {
    double[] flat = new double[Math.toIntExact(layout.numParams())];
    for (ParamTensor t : layout.tensors()) {
      int offset = Math.toIntExact(t.offset());
      if (isStarWeight(t.name())) {
        double scale = 1.0 / Math.sqrt(t.shape()[0]);
        for (int i = 0; i < t.size(); i++) {
          flat[offset + i] = scale * truncatedStandardNormal(rng);
        }
        continue;
      }
      if (!t.name().endsWith(".kernel")) {
        continue; // biases stay 0
      }
      long[] shape = t.shape();
      if (isRecurrentKernel(t.name())) {
        double[] q = orthogonal(Math.toIntExact(shape[0]), rng);
        System.arraycopy(q, 0, flat, offset, q.length);
      } else {
        double scale = Math.sqrt(1.0 / shape[0]) / TRUNCATED_STD;
        for (int i = 0; i < t.size(); i++) {
          flat[offset + i] = scale * truncatedStandardNormal(rng);
        }
      }
    }
    return flat;
  }

  /** Whether {@code name} is a STAR MLP weight matrix ({@code nn.w0}, {@code nn.w1}, ...). */
  static boolean isStarWeight(String name) {
    return name.startsWith("nn.w");
  }

  /** Whether {@code name} is a GRU recurrent kernel ({@code *.hr.kernel}, {@code *.hz.kernel}, {@code *.hn.kernel}). */
  static boolean isRecurrentKernel(String name) {
    return name.endsWith(".hr.kernel") || name.endsWith(".hz.kernel") || name.endsWith(".hn.kernel");
  }

  /**
   * A random orthogonal n x n matrix (row-major): Q of A = QR for a standard Gaussian A, with the columns
   * of Q multiplied by sign(R_ii). Computed by Gram-Schmidt with re-orthogonalisation ("twice is enough"),
   * which yields R_ii &gt; 0 directly, i.e. exactly the sign-corrected Q.
   */
  public static double[] orthogonal(int n, SplittableRandom rng) {
    double[] a = new double[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextGaussian();
    }
    double[] q = new double[n * n];
    for (int col = 0; col < n; col++) {
      double[] v = new double[n];
      for (int r = 0; r < n; r++) {
        v[r] = a[r * n + col];
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int prev = 0; prev < col; prev++) {
          double dot = 0;
          for (int r = 0; r < n; r++) {
            dot += q[r * n + prev] * v[r];
          }
          for (int r = 0; r < n; r++) {
            v[r] -= dot * q[r * n + prev];
          }
        }
      }
      double norm = 0;
      for (double x : v) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      for (int r = 0; r < n; r++) {
        q[r * n + col] = v[r] / norm;
      }
    }
    return q;
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
