package io.optim4rl.agents.a2c;

import io.optim4rl.agents.nets.ActorCriticNet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The A2C agent gradient of one rollout (REFERENCE 3.2 steps 3 to 7): one batched forward over all
 * (T+1) * B observations, {@link A2cLoss} for the loss terms and their derivatives with respect to the
 * logits and values, then one backward through the network.
 *
 * <p>The loss is a mean over envs and time, so the gradient is already g = mean_e grad L_e.
 */
public final class A2cGradient {

  /**
   * The loss terms and the gradient of their total.
   *
   * @param loss the loss terms with dLogits / dValues
   * @param agentGradient flat gradient {@code [P]} of the total loss, in the parameters' data type
   */
  public record Result(A2cLoss.Result loss, INDArray agentGradient) {}

  private A2cGradient() {}

  /** The gradient for the rollout {@code rollout} just collected at {@code agentParams}. */
  public static Result compute(ActorCriticNet net, INDArray agentParams, A2cRollout rollout, A2cLoss.Hyper hyper) {
    return compute(net, agentParams, rollout.observationRows(), rollout.actions(), rollout.rewards(),
        rollout.dones(), rollout.rolloutSteps(), rollout.numEnvs(), hyper);
  }

  /**
   * The gradient for a time-major trajectory.
   *
   * @param observationRows {@code [(T+1) * B, obsSize]}, row {@code t * B + b}, in the parameters' data type
   * @param actions {@code [T * B]}
   * @param rewards {@code [T * B]}
   * @param dones {@code [T * B]}
   */
  public static Result compute(ActorCriticNet net, INDArray agentParams, INDArray observationRows, int[] actions,
      float[] rewards, boolean[] dones, int rolloutSteps, int numEnvs, A2cLoss.Hyper hyper) {
    int numActions = net.numActions();
    long rows = (long) (rolloutSteps + 1) * numEnvs;
    ActorCriticNet.Forward forward = net.forward(agentParams, observationRows);
    double[] logits = A2cRollout.toDoubles(forward.logits());
    double[] values = A2cRollout.toDoubles(forward.values());
    A2cLoss.Result loss = A2cLoss.evaluate(
        logits, values, actions, rewards, dones, rolloutSteps, numEnvs, numActions, hyper);
    INDArray dLogits = Nd4j.create(loss.dLogits(), new long[] {rows, numActions}).castTo(agentParams.dataType());
    INDArray dValues = Nd4j.create(loss.dValues(), new long[] {rows}).castTo(agentParams.dataType());
    return new Result(loss, net.backward(agentParams, forward, dLogits, dValues));
  }
}
