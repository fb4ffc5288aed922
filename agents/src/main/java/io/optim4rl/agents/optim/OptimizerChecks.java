package io.optim4rl.agents.optim;

/** Argument checks shared by the optimizer factories; messages name the offending setting. */
final class OptimizerChecks {

  private OptimizerChecks() {}

  /** {@code value} if it is finite and &gt; 0, else an {@link IllegalArgumentException} naming it. */
  static double positive(String what, double value) {
    if (!(Double.isFinite(value) && value > 0)) {
      throw new IllegalArgumentException(what + " must be finite and > 0, got " + value);
    }
    return value;
  }

  /** {@code value} if it lies in the open interval (0, 1), else an {@link IllegalArgumentException}. */
  static double decay(String what, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(what + " must lie in (0, 1), got " + value);
    }
    return value;
  }

  /** {@code value} if it is finite and &gt;= 0, else an {@link IllegalArgumentException}. */
  static double nonNegative(String what, double value) {
    if (!(Double.isFinite(value) && value >= 0)) {
      throw new IllegalArgumentException(what + " must be finite and >= 0, got " + value);
    }
    return value;
  }
}
