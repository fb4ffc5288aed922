package io.optim4rl.agents.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSProp with optax 0.1.7 defaults (REFERENCE 4.1): not centred, no momentum, {@code nu} starts at 0,
 * eps INSIDE the square root:
 *
 * <pre>
 *   nu     &lt;- decay * nu + (1 - decay) * g^2            (decay = 0.9)
 *   update  = -lr * g / sqrt(nu + eps)                  (eps = 1e-8)
 * </pre>
 */
public final class RmsPropOptimizer implements Optimizer<RmsPropOptimizer.State> {

  /** Default decay of the second-moment average. */
  public static final double DEFAULT_DECAY = 0.9;
  /** Default epsilon, added inside the square root. */
  public static final double DEFAULT_EPS = 1e-8;

  /**
   * RMSProp state.
   *
   * @param nu running average of g^2, same shape and data type as the parameters (never mutated)
   */
  public record State(INDArray nu) {}

  private final double learningRate;
  private final double decay;
  private final double eps;

  private RmsPropOptimizer(double learningRate, double decay, double eps) {
    this.learningRate = OptimizerChecks.positive("learningRate", learningRate);
    this.decay = OptimizerChecks.decay("decay", decay);
    this.eps = OptimizerChecks.nonNegative("eps", eps);
  }

  /** RMSProp with the optax defaults decay 0.9 and eps 1e-8. */
  public static RmsPropOptimizer of(double learningRate) {
    return new RmsPropOptimizer(learningRate, DEFAULT_DECAY, DEFAULT_EPS);
  }

  /** RMSProp with explicit decay (in (0, 1)) and eps (&gt;= 0). */
  public static RmsPropOptimizer of(double learningRate, double decay, double eps) {
    return new RmsPropOptimizer(learningRate, decay, eps);
  }

  public double learningRate() {
    return learningRate;
  }

  @Override
  public String name() {
    return "rmsprop";
  }

  @Override
  public State init(INDArray agentParams) {
    return new State(Nd4j.zeros(agentParams.dataType(), agentParams.shape()));
  }

  @Override
  public Step<State> update(INDArray agentGradient, State state, INDArray agentParams) {
    INDArray g = agentGradient;
    INDArray nu = g.mul(g).muli(1 - decay).addi(state.nu().mul(decay));
    INDArray update = g.div(Transforms.sqrt(nu.add(eps), false)).muli(-learningRate);
    return new Step<>(update, new State(nu));
  }

  @Override
  public String toString() {
    return "rmsprop(lr=" + learningRate + ", decay=" + decay + ", eps=" + eps + ")";
  }
}
