package io.optim4rl.agents.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam with optax 0.1.7 defaults (REFERENCE 4.1): b1 = 0.9, b2 = 0.999, eps = 1e-8 OUTSIDE the square
 * root, eps_root = 0, bias-corrected with the step count t = 1, 2, ...:
 *
 * <pre>
 *   m &lt;- b1 m + (1 - b1) g;   v &lt;- b2 v + (1 - b2) g^2
 *   update = -lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 *
 * <p>The first step therefore has magnitude lr * |g| / (|g| + eps) in every coordinate, and a coordinate
 * whose gradient has always been exactly 0 gets an update of exactly (minus) zero.
 */
public final class AdamOptimizer implements Optimizer<AdamOptimizer.State> {

  public static final double DEFAULT_B1 = 0.9;
  public static final double DEFAULT_B2 = 0.999;
  public static final double DEFAULT_EPS = 1e-8;

  /**
   * Adam state (arrays never mutated after being returned).
   *
   * @param m first-moment estimate (optax {@code mu})
   * @param v second-moment estimate (optax {@code nu})
   * @param count number of updates made so far (optax {@code count}); 0 after {@code init}
   */
  public record State(INDArray m, INDArray v, long count) {}

  private final double learningRate;
  private final double b1;
  private final double b2;
  private final double eps;

  private AdamOptimizer(double learningRate, double b1, double b2, double eps) {
    this.learningRate = OptimizerChecks.positive("learningRate", learningRate);
    this.b1 = OptimizerChecks.decay("b1", b1);
    this.b2 = OptimizerChecks.decay("b2", b2);
    this.eps = OptimizerChecks.nonNegative("eps", eps);
  }

  /** Adam with the optax defaults b1 0.9, b2 0.999, eps 1e-8. */
  public static AdamOptimizer of(double learningRate) {
    return new AdamOptimizer(learningRate, DEFAULT_B1, DEFAULT_B2, DEFAULT_EPS);
  }

  /** Adam with explicit moment decays (in (0, 1)) and eps (&gt;= 0, outside the square root). */
  public static AdamOptimizer of(double learningRate, double b1, double b2, double eps) {
    return new AdamOptimizer(learningRate, b1, b2, eps);
  }

  public double learningRate() {
    return learningRate;
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public State init(INDArray agentParams) {
    INDArray zeros = Nd4j.zeros(agentParams.dataType(), agentParams.shape());
    return new State(zeros, zeros.dup(), 0);
  }

  @Override
  public Step<State> update(INDArray agentGradient, State state, INDArray agentParams) {
    INDArray g = agentGradient;
    long t = state.count() + 1;
    INDArray m = g.mul(1 - b1).addi(state.m().mul(b1));
    INDArray v = g.mul(g).muli(1 - b2).addi(state.v().mul(b2));
    double biasCorrection1 = 1 - Math.pow(b1, t);
    double biasCorrection2 = 1 - Math.pow(b2, t);
    INDArray denominator = Transforms.sqrt(v.div(biasCorrection2), false).addi(eps);
    INDArray update = m.div(biasCorrection1).divi(denominator).muli(-learningRate);
    return new Step<>(update, new State(m, v, t));
  }

  @Override
  public String toString() {
    return "adam(lr=" + learningRate + ", b1=" + b1 + ", b2=" + b2 + ", eps=" + eps + ")";
  }
}
