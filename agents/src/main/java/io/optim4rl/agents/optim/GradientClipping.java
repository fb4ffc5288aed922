package io.optim4rl.agents.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gradient preprocessing before an optimizer (REFERENCE 4.1), two mutually exclusive options:
 *
 * <ul>
 *   <li>{@code gradClip > 0}: elementwise clip of every entry to [-gradClip, gradClip] (optax {@code clip});
 *   <li>else {@code gradNorm > 0}: global-norm clip (optax {@code clip_by_global_norm}): with
 *       n = ||g||_2 over all parameters, g is unchanged if n &lt; gradNorm, else g &lt;- (g / n) * gradNorm.
 * </ul>
 *
 * <p>{@code gradClip} wins when both are set; a value &lt;= 0 (the configs use -1) disables an option.
 * Immutable; {@link #apply} never mutates its argument. Deviation from optax for already broken input
 * only: when the global norm is NaN, optax makes every entry NaN, here g is returned unchanged (its NaN
 * entries still propagate into the update and the trainer's divergence check).
 */
public final class GradientClipping {

  /** Which preprocessing is active. */
  public enum Mode { NONE, ELEMENTWISE, GLOBAL_NORM }

  private static final GradientClipping NONE = new GradientClipping(Mode.NONE, 0);

  private final Mode mode;
  private final double threshold;

  private GradientClipping(Mode mode, double threshold) {
    this.mode = mode;
    this.threshold = threshold;
  }

  /** From the config pair (grad_clip, grad_norm); both must be finite (&lt;= 0 disables). */
  public static GradientClipping of(double gradClip, double gradNorm) {
    if (!Double.isFinite(gradClip) || !Double.isFinite(gradNorm)) {
      throw new IllegalArgumentException(
          "gradClip and gradNorm must be finite (<= 0 disables), got " + gradClip + ", " + gradNorm);
    }
    if (gradClip > 0) {
      return new GradientClipping(Mode.ELEMENTWISE, gradClip);
    }
    return gradNorm > 0 ? new GradientClipping(Mode.GLOBAL_NORM, gradNorm) : NONE;
  }

  /** No preprocessing. */
  public static GradientClipping none() {
    return NONE;
  }

  public Mode mode() {
    return mode;
  }

  /** The clip value (ELEMENTWISE) or the maximal global norm (GLOBAL_NORM); 0 for NONE. */
  public double threshold() {
    return threshold;
  }

  /** Whether {@link #apply} is the identity. */
  public boolean isIdentity() {
    return mode == Mode.NONE;
  }

  /**
   * The preprocessed gradient: a new array, or {@code gradient} itself when nothing changes (NONE, or a
   * global norm below the threshold). Never mutates {@code gradient}.
   */
  public INDArray apply(INDArray gradient) {
    switch (mode) {
      case ELEMENTWISE:
        return Transforms.min(Transforms.max(gradient, -threshold, true), threshold, false);
      case GLOBAL_NORM:
        double norm = globalNorm(gradient);
        // a NaN norm leaves g unchanged (its NaN entries propagate): ND4J scalar ops would turn a NaN
        // scalar operand into 1e-5 instead of spreading the NaN as optax does
        return !(norm >= threshold) ? gradient : gradient.div(norm).muli(threshold);
      default:
        return gradient;
    }
  }

  /** ||g||_2 over all entries, accumulated in the array's data type. */
  public static double globalNorm(INDArray gradient) {
    return gradient.norm2Number().doubleValue();
  }

  @Override
  public String toString() {
    switch (mode) {
      case ELEMENTWISE:
        return "clip(" + threshold + ")";
      case GLOBAL_NORM:
        return "clip_by_global_norm(" + threshold + ")";
      default:
        return "identity";
    }
  }
}
