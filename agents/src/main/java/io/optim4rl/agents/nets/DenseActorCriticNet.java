package io.optim4rl.agents.nets;

import io.optim4rl.agents.params.ParamLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense actor-critic nets of REFERENCE 2: {@code D32} (names with {@code small}) and {@code D256}
 * ({@code catch}) differ only in the hidden width, so they are one class with the width as a value.
 *
 * <pre>
 *   x      = flatten(obs)                         row-major over the observation shape   [B, D]
 *   h      = relu(x K_1 + b_1)                     feature_net.layers_1 (D, H)             [B, H]
 *   logits = h K_a + b_a,  value = h K_c + b_c     actor_net (H, A), critic_net (H, 1)
 * </pre>
 *
 * <p>Parameters: {@code H (D + 1) + (H + 1)(A + 1)}; D32 on a gridworld has 4,970, D256 on catch 14,084.
 * Stateless and thread-safe.
 */
public final class DenseActorCriticNet implements ActorCriticNet {

  static final String HIDDEN_BIAS = "feature_net.layers_1.bias";
  static final String HIDDEN_KERNEL = "feature_net.layers_1.kernel";

  private final String name;
  private final int[] observationShape;
  private final int observationSize;
  private final int hidden;
  private final int numActions;
  private final ParamLayout layout;

  private DenseActorCriticNet(String name, int[] observationShape, int hidden, int numActions) {
    this.name = name;
    this.observationShape = observationShape.clone();
    this.observationSize = NetInputs.size(name, observationShape);
    this.hidden = hidden;
    this.numActions = NetInputs.numActions(name, numActions);
    Map<String, long[]> shapes = new HashMap<>();
    shapes.put(HIDDEN_BIAS, new long[] {hidden});
    shapes.put(HIDDEN_KERNEL, new long[] {observationSize, hidden});
    ActorCriticHeads.addShapes(shapes, hidden, numActions);
    this.layout = ParamLayout.of(shapes);
  }

  /** D32: flatten, Dense(-> 32), ReLU (the {@code small} gridworlds). */
  public static DenseActorCriticNet d32(int[] observationShape, int numActions) {
    return new DenseActorCriticNet("D32", observationShape, 32, numActions);
  }

  /** D256: flatten, Dense(-> 256), ReLU ({@code catch}). */
  public static DenseActorCriticNet d256(int[] observationShape, int numActions) {
    return new DenseActorCriticNet("D256", observationShape, 256, numActions);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ParamLayout layout() {
    return layout;
  }

  @Override
  public int numActions() {
    return numActions;
  }

  @Override
  public int[] observationShape() {
    return observationShape.clone();
  }

  /** Number of floats in one flattened observation. */
  public int observationSize() {
    return observationSize;
  }

  /** Width H of the hidden (feature) layer. */
  public int hiddenSize() {
    return hidden;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(observationShape) + "->" + numActions;
  }

  @Override
  public INDArray init(SplittableRandom rng, DataType dataType) {
    return LecunNormal.params(layout, rng, dataType);
  }

  @Override
  public DenseForward forward(INDArray params, INDArray observations) {
    DataType dt = NetInputs.computeType(name, layout, params);
    INDArray x = NetInputs.observations(name, observations, observationSize, dt);
    INDArray h = Layers.reluInPlace(Layers.affine(
        x, layout.view(params, HIDDEN_KERNEL), layout.view(params, HIDDEN_BIAS)));
    return new DenseForward(x, h, ActorCriticHeads.logits(layout, params, h),
        ActorCriticHeads.values(layout, params, h));
  }

  @Override
  public INDArray backward(
      INDArray params, ActorCriticNet.Forward forward, INDArray dLogits, INDArray dValues) {
    if (!(forward instanceof DenseForward f)) {
      throw new IllegalArgumentException(name + ": backward needs this net's DenseForward, got "
          + (forward == null ? "null" : forward.getClass().getName()));
    }
    DataType dt = NetInputs.computeType(name, layout, params);
    long rows = f.features().size(0);
    INDArray dl = NetInputs.outputGradient(name + " dLogits", dLogits, rows, numActions, dt);
    INDArray dv = NetInputs.outputGradient(name + " dValues", dValues, rows, 1, dt);
    INDArray grad = Nd4j.zeros(dt, layout.numParams());
    INDArray dh = ActorCriticHeads.backward(layout, params, f.features(), dl, dv, grad);
    INDArray dz = Layers.reluBackwardInPlace(dh, f.features());
    Layers.affineParamGrad(
        f.input(), dz, layout.view(grad, HIDDEN_KERNEL), layout.view(grad, HIDDEN_BIAS));
    return grad;
  }

  /**
   * A forward pass of a dense net.
   *
   * @param input the flattened observations {@code [B, D]} in the compute type (the caller's array when
   *     it already had that type: do not modify it before {@code backward})
   * @param features post-ReLU hidden layer h {@code [B, H]}
   * @param logits {@code [B, A]}
   * @param values {@code [B]}
   */
  public record DenseForward(INDArray input, INDArray features, INDArray logits, INDArray values)
      implements ActorCriticNet.Forward {}
}
