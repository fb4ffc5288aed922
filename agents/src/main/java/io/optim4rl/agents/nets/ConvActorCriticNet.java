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
 * C16_D32, the actor-critic net of the {@code big} gridworlds (REFERENCE 2), for observations
 * {@code (N+1, H, W)}:
 *
 * <pre>
 *   z      = conv(obs)                   feature_net.layers_0, kernel (2, 2, W, 16), see {@link PlaneRowConv}
 *   y      = relu(z)                     flattened (c H + r) 16 + f                      [B, 16 (N+1) H]
 *   h      = relu(y K_3 + b_3)           feature_net.layers_3 (16 (N+1) H, 32)            [B, 32]
 *   logits = h K_a + b_a,  value = h K_c + b_c
 * </pre>
 *
 * <p>The convolution slides over (plane, row) with the map columns as input channels: the reference's
 * layout quirk, reproduced so that parameter shapes and values line up. Parameters:
 * {@code 64 W + 16 + 32 (16 (N+1) H + 1) + 33 (A + 1)}, e.g. 39,482 for big_dense_long.
 * Stateless and thread-safe.
 */
public final class ConvActorCriticNet implements ActorCriticNet {

  static final String CONV_BIAS = "feature_net.layers_0.bias";
  static final String CONV_KERNEL = "feature_net.layers_0.kernel";
  static final String DENSE_BIAS = "feature_net.layers_3.bias";
  static final String DENSE_KERNEL = "feature_net.layers_3.kernel";
  /** Conv output channels. */
  public static final int CONV_FEATURES = 16;
  /** Width of the dense feature layer. */
  public static final int HIDDEN = 32;

  private static final String NAME = "C16_D32";

  private final int[] observationShape;
  private final int observationSize;
  private final int numActions;
  private final PlaneRowConv conv;
  private final ParamLayout layout;

  private ConvActorCriticNet(int[] observationShape, int numActions) {
    if (observationShape.length != 3) {
      throw new IllegalArgumentException(NAME + " needs a channel-first observation (N+1, H, W), got "
          + Arrays.toString(observationShape));
    }
    this.observationShape = observationShape.clone();
    this.observationSize = NetInputs.size(NAME, observationShape);
    this.numActions = NetInputs.numActions(NAME, numActions);
    int width = observationShape[2];
    this.conv = new PlaneRowConv(observationShape[0], observationShape[1], width, CONV_FEATURES);
    Map<String, long[]> shapes = new HashMap<>();
    shapes.put(CONV_BIAS, new long[] {CONV_FEATURES});
    shapes.put(CONV_KERNEL, new long[] {2, 2, width, CONV_FEATURES});
    shapes.put(DENSE_BIAS, new long[] {HIDDEN});
    shapes.put(DENSE_KERNEL, new long[] {conv.outputSize(), HIDDEN});
    ActorCriticHeads.addShapes(shapes, HIDDEN, numActions);
    this.layout = ParamLayout.of(shapes);
  }

  /** C16_D32 for observations {@code (N+1, H, W)} and {@code numActions} actions. */
  public static ConvActorCriticNet c16d32(int[] observationShape, int numActions) {
    return new ConvActorCriticNet(observationShape, numActions);
  }

  @Override
  public String name() {
    return NAME;
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

  /** Size of the flattened conv output, {@code 16 (N+1) H}. */
  public int convOutputSize() {
    return conv.outputSize();
  }

  @Override
  public String toString() {
    return NAME + Arrays.toString(observationShape) + "->" + numActions;
  }

  @Override
  public INDArray init(SplittableRandom rng, DataType dataType) {
    return LecunNormal.params(layout, rng, dataType);
  }

  @Override
  public ConvForward forward(INDArray params, INDArray observations) {
    DataType dt = NetInputs.computeType(NAME, layout, params);
    INDArray x = NetInputs.observations(NAME, observations, observationSize, dt);
    PlaneRowConv.Patches patches = conv.patches(x);
    INDArray y =
        conv.forward(patches, layout.view(params, CONV_KERNEL), layout.view(params, CONV_BIAS), true);
    INDArray h = Layers.reluInPlace(Layers.affine(
        y, layout.view(params, DENSE_KERNEL), layout.view(params, DENSE_BIAS)));
    return new ConvForward(patches, y, h, ActorCriticHeads.logits(layout, params, h),
        ActorCriticHeads.values(layout, params, h));
  }

  /**
   * Diagnostic: the pre-ReLU conv output z {@code [B, 16 (N+1) H]}, index {@code (c H + r) 16 + f}
   * ({@link #forward} fuses the ReLU into the conv and keeps only {@code relu(z)}).
   */
  INDArray convPreActivation(INDArray params, INDArray observations) {
    DataType dt = NetInputs.computeType(NAME, layout, params);
    INDArray x = NetInputs.observations(NAME, observations, observationSize, dt);
    return conv.forward(
        conv.patches(x), layout.view(params, CONV_KERNEL), layout.view(params, CONV_BIAS), false);
  }

  @Override
  public INDArray backward(
      INDArray params, ActorCriticNet.Forward forward, INDArray dLogits, INDArray dValues) {
    if (!(forward instanceof ConvForward f)) {
      throw new IllegalArgumentException(NAME + ": backward needs this net's ConvForward, got "
          + (forward == null ? "null" : forward.getClass().getName()));
    }
    DataType dt = NetInputs.computeType(NAME, layout, params);
    long rows = f.features().size(0);
    INDArray dl = NetInputs.outputGradient(NAME + " dLogits", dLogits, rows, numActions, dt);
    INDArray dv = NetInputs.outputGradient(NAME + " dValues", dValues, rows, 1, dt);
    INDArray grad = Nd4j.zeros(dt, layout.numParams());
    INDArray dh = ActorCriticHeads.backward(layout, params, f.features(), dl, dv, grad);
    INDArray dDense = Layers.reluBackwardInPlace(dh, f.features());
    Layers.affineParamGrad(
        f.convFeatures(), dDense, layout.view(grad, DENSE_KERNEL), layout.view(grad, DENSE_BIAS));
    INDArray dy = Layers.affineInputGrad(dDense, layout.view(params, DENSE_KERNEL));
    INDArray dz = Layers.reluBackwardInPlace(dy, f.convFeatures());
    conv.paramGrad(f.patches(), dz, layout.view(grad, CONV_KERNEL), layout.view(grad, CONV_BIAS));
    return grad;
  }

  /**
   * A forward pass of C16_D32: logits, values and the activations backward needs (owned by the caller,
   * never mutated by the net). Its compact patch matrix has at most 4 rows of 4W per non-zero input.
   */
  public static final class ConvForward implements ActorCriticNet.Forward {
    private final PlaneRowConv.Patches patches;
    private final INDArray convFeatures;
    private final INDArray features;
    private final INDArray logits;
    private final INDArray values;

    ConvForward(PlaneRowConv.Patches patches, INDArray convFeatures, INDArray features, INDArray logits,
        INDArray values) {
      this.patches = patches;
      this.convFeatures = convFeatures;
      this.features = features;
      this.logits = logits;
      this.values = values;
    }

    /** The conv's compact im2col (kept for the kernel gradient). */
    PlaneRowConv.Patches patches() {
      return patches;
    }

    /** {@code relu(conv(obs))} {@code [B, 16 (N+1) H]}, index {@code (c H + r) 16 + f}: the dense input. */
    public INDArray convFeatures() {
      return convFeatures;
    }

    /** Post-ReLU dense features h {@code [B, 32]}. */
    public INDArray features() {
      return features;
    }

    @Override
    public INDArray logits() {
      return logits;
    }

    @Override
    public INDArray values() {
      return values;
    }
  }
}
