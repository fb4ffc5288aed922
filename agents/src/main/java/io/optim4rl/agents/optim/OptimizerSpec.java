package io.optim4rl.agents.optim;

import java.util.Locale;

/**
 * What the configs say about an optimizer (REFERENCE 4.1 and 8.1): a name, a learning rate and the two
 * mutually exclusive gradient-preprocessing options. Validated on construction.
 *
 * @param name optimizer name, case-insensitive ({@code sgd}, {@code rmsprop}, {@code adam}, or a name a
 *     later module registered with {@link Optimizers#with})
 * @param learningRate step size, finite and &gt; 0
 * @param gradClip elementwise clip value; &lt;= 0 (configs: -1) disables; wins over gradNorm
 * @param gradNorm maximal global gradient norm; &lt;= 0 (configs: -1) disables
 */
public record OptimizerSpec(String name, double learningRate, double gradClip, double gradNorm) {

  /** The config value that disables a preprocessing option. */
  public static final double DISABLED = -1;

  public OptimizerSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("optimizer name must be non-empty, got " + (name == null ? "null" : "'" + name + "'"));
    }
    if (!(Double.isFinite(learningRate) && learningRate > 0)) {
      throw new IllegalArgumentException(
          "optimizer '" + name + "': learningRate must be finite and > 0, got " + learningRate);
    }
    if (!Double.isFinite(gradClip) || !Double.isFinite(gradNorm)) {
      throw new IllegalArgumentException("optimizer '" + name + "': gradClip and gradNorm must be finite "
          + "(use -1 to disable), got " + gradClip + ", " + gradNorm);
    }
  }

  /** An optimizer without gradient preprocessing. */
  public static OptimizerSpec of(String name, double learningRate) {
    return new OptimizerSpec(name, learningRate, DISABLED, DISABLED);
  }

  /** The lower-case name used to look up the factory. */
  public String key() {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  /** The gradient preprocessing these settings select. */
  public GradientClipping clipping() {
    return GradientClipping.of(gradClip, gradNorm);
  }
}
