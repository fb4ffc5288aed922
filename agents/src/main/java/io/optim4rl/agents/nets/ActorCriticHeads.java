package io.optim4rl.agents.nets;

import io.optim4rl.agents.params.ParamLayout;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two heads every actor-critic net puts on its features h {@code [B, F]} (REFERENCE 2):
 * {@code logits = h K_a + b_a} (actor, Dense(F -> A), no activation) and
 * {@code value = (h K_c + b_c)[:, 0]} (critic, Dense(F -> 1), squeezed).
 *
 * <p>Tensors: {@code actor_net.bias (A)}, {@code actor_net.kernel (F, A)}, {@code critic_net.bias (1)},
 * {@code critic_net.kernel (F, 1)}.
 */
final class ActorCriticHeads {

  static final String ACTOR_BIAS = "actor_net.bias";
  static final String ACTOR_KERNEL = "actor_net.kernel";
  static final String CRITIC_BIAS = "critic_net.bias";
  static final String CRITIC_KERNEL = "critic_net.kernel";

  private ActorCriticHeads() {}

  /** Adds the four head tensors for {@code features -> numActions} to a shape map. */
  static void addShapes(Map<String, long[]> shapes, int features, int numActions) {
    shapes.put(ACTOR_BIAS, new long[] {numActions});
    shapes.put(ACTOR_KERNEL, new long[] {features, numActions});
    shapes.put(CRITIC_BIAS, new long[] {1});
    shapes.put(CRITIC_KERNEL, new long[] {features, 1});
  }

  /** Logits {@code [B, A]}. */
  static INDArray logits(ParamLayout layout, INDArray params, INDArray features) {
    return Layers.affine(features, layout.view(params, ACTOR_KERNEL), layout.view(params, ACTOR_BIAS));
  }

  /** Values {@code [B]}. */
  static INDArray values(ParamLayout layout, INDArray params, INDArray features) {
    INDArray v =
        Layers.affine(features, layout.view(params, CRITIC_KERNEL), layout.view(params, CRITIC_BIAS));
    return v.reshape(v.size(0));
  }

  /**
   * Backward through both heads: writes the four head gradients into {@code grad} and returns
   * {@code dh = dLogits K_a^T + dValues K_c^T} {@code [B, F]}.
   *
   * @param dLogits {@code [B, A]}
   * @param dValues {@code [B]} (or {@code [B, 1]})
   */
  static INDArray backward(
      ParamLayout layout, INDArray params, INDArray features, INDArray dLogits, INDArray dValues,
      INDArray grad) {
    INDArray dv = dValues.reshape(dValues.length(), 1);
    Layers.affineParamGrad(
        features, dLogits, layout.view(grad, ACTOR_KERNEL), layout.view(grad, ACTOR_BIAS));
    Layers.affineParamGrad(
        features, dv, layout.view(grad, CRITIC_KERNEL), layout.view(grad, CRITIC_BIAS));
    INDArray dh = Layers.affineInputGrad(dLogits, layout.view(params, ACTOR_KERNEL));
    return Nd4j.gemm(dv, layout.view(params, CRITIC_KERNEL), dh, false, true, 1.0, 1.0);
  }
}
