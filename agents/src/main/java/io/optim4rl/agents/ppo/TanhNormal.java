package io.optim4rl.agents.ppo;

/**
 * brax 0.9.4's {@code NormalTanhDistribution}, one action component at a time, in double.
 *
 * <p>The policy outputs {@code (loc, raw)}; {@code scale = softplus(raw) + 0.001}. A pre-tanh sample is
 * {@code u = loc + scale eps} with {@code eps ~ N(0, 1)}, the action is {@code tanh(u)}. With the tanh
 * log-det-Jacobian {@code J(u) = log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u))} (stable form):
 * <pre>
 *   log p(u)  = -0.5 ((u - loc) / scale)^2 - 0.5 log(2 pi) - log scale - J(u)
 *   H(eps)    = 0.5 + 0.5 log(2 pi) + log scale + J(loc + scale eps)
 * </pre>
 * The entropy is brax's one-sample estimate: the Normal's entropy plus J at a fresh reparametrised sample
 * (so its gradient flows through the sample). A component's log-prob and entropy are summed over the
 * action components by the caller. {@code dJ/du = -2 tanh(u)}.
 */
public final class TanhNormal {

  /** brax's {@code min_std}. */
  public static final double MIN_STD = 0.001;

  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double LOG2 = Math.log(2);

  private TanhNormal() {}

  /** {@code log(1 + e^x)} without overflow. */
  public static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  public static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /** {@code softplus(raw) + MIN_STD}. */
  public static double scale(double raw) {
    return softplus(raw) + MIN_STD;
  }

  /** {@code J(u) = log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u))}. */
  public static double logDetJacobian(double u) {
    return 2 * (LOG2 - u - softplus(-2 * u));
  }

  /** The pre-tanh sample {@code loc + scale(raw) eps}. */
  public static double sample(double loc, double raw, double eps) {
    return loc + scale(raw) * eps;
  }

  /** {@code log p(u)} of one component (see the class documentation). */
  public static double logProb(double loc, double raw, double u) {
    double s = scale(raw);
    double z = (u - loc) / s;
    return -0.5 * z * z - HALF_LOG_2PI - Math.log(s) - logDetJacobian(u);
  }

  /** {@code d log p / d loc = (u - loc) / scale^2}. */
  public static double logProbDLoc(double loc, double raw, double u) {
    double s = scale(raw);
    return (u - loc) / (s * s);
  }

  /** {@code d log p / d raw = ((u - loc)^2 / scale^3 - 1 / scale) sigmoid(raw)}. */
  public static double logProbDRaw(double loc, double raw, double u) {
    double s = scale(raw);
    double d = u - loc;
    return (d * d / (s * s * s) - 1 / s) * sigmoid(raw);
  }

  /** The one-sample entropy estimate {@code H(eps)} of one component. */
  public static double entropy(double loc, double raw, double eps) {
    double s = scale(raw);
    return 0.5 + HALF_LOG_2PI + Math.log(s) + logDetJacobian(loc + s * eps);
  }

  /** {@code d H / d loc = -2 tanh(loc + scale eps)}. */
  public static double entropyDLoc(double loc, double raw, double eps) {
    return -2 * Math.tanh(loc + scale(raw) * eps);
  }

  /** {@code d H / d raw = (1 / scale - 2 tanh(loc + scale eps) eps) sigmoid(raw)}. */
  public static double entropyDRaw(double loc, double raw, double eps) {
    double s = scale(raw);
    return (1 / s - 2 * Math.tanh(loc + s * eps) * eps) * sigmoid(raw);
  }
}
