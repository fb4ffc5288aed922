package io.optim4rl.agents.testing;

import java.util.function.ToDoubleFunction;

/**
 * Central finite differences in double precision for gradient checks.
 *
 * <p>Tolerances (STYLE.md): relative error at most {@link #CLOSED_FORM_TOL} for closed-form losses and
 * {@link #NETWORK_TOL} through networks; {@link #EPS} is the step.
 */
public final class FiniteDifferences {

  public static final double EPS = 1e-6;
  public static final double CLOSED_FORM_TOL = 1e-5;
  public static final double NETWORK_TOL = 1e-3;

  private FiniteDifferences() {}

  /** d f / d x[i] by (f(x + eps e_i) - f(x - eps e_i)) / 2 eps, for the listed indices. */
  public static double[] gradient(ToDoubleFunction<double[]> f, double[] x, int[] indices) {
    double[] g = new double[indices.length];
    double[] y = x.clone();
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      double xi = y[i];
      y[i] = xi + EPS;
      double plus = f.applyAsDouble(y);
      y[i] = xi - EPS;
      double minus = f.applyAsDouble(y);
      y[i] = xi;
      g[k] = (plus - minus) / (2 * EPS);
    }
    return g;
  }

  /**
   * Asserts analytic and numeric gradients agree: |a - n| <= tol * max(|a|, |n|, scale) where
   * scale = 1e-3 * max over all |n| (so entries tiny through cancellation do not dominate).
   */
  public static void assertAgree(String what, double[] analytic, double[] numeric, double tol) {
    double max = 0;
    for (double v : numeric) {
      max = Math.max(max, Math.abs(v));
    }
    double scale = Math.max(1e-3 * max, 1e-12);
    for (int i = 0; i < analytic.length; i++) {
      double denom = Math.max(Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])), scale);
      double rel = Math.abs(analytic[i] - numeric[i]) / denom;
      if (!(rel <= tol)) {
        throw new AssertionError(what + "[" + i + "]: analytic " + analytic[i] + " vs numeric "
            + numeric[i] + " (rel " + rel + ")");
      }
    }
  }
}
