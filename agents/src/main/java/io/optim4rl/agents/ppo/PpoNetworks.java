package io.optim4rl.agents.ppo;

import io.optim4rl.agents.params.ParamLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * brax's {@code make_ppo_networks} (REFERENCE 3.6): a policy MLP {@code obs -> 2 actionSize} (loc, raw
 * scale of a {@link TanhNormal}) and a value MLP {@code obs -> 1}, swish activations, LeCun-uniform kernels
 * and zero biases, both reading the normalised observation.
 *
 * <p>One flat parameter vector with tensors {@code policy/hidden_<l>/{bias,kernel}} and
 * {@code value/hidden_<l>/{bias,kernel}} in the canonical (sorted) order of {@link ParamLayout}. Immutable;
 * forward and backward go through {@link Mlp.Tape}s owned by the caller.
 */
public final class PpoNetworks {

  private final int observationSize;
  private final int actionSize;
  private final int[] policyHidden;
  private final int[] valueHidden;
  private final Mlp policy;
  private final Mlp value;
  private final ParamLayout layout;

  /** Networks for observations of {@code observationSize} floats and actions of {@code actionSize}. */
  public PpoNetworks(int observationSize, int actionSize, int[] policyHidden, int[] valueHidden) {
    if (observationSize < 1 || actionSize < 1) {
      throw new IllegalArgumentException("observationSize and actionSize must be >= 1, got " + observationSize
          + ", " + actionSize);
    }
    this.observationSize = observationSize;
    this.actionSize = actionSize;
    this.policyHidden = policyHidden.clone();
    this.valueHidden = valueHidden.clone();
    this.policy = new Mlp("policy", observationSize, policyHidden, 2 * actionSize);
    this.value = new Mlp("value", observationSize, valueHidden, 1);
    Map<String, long[]> shapes = new HashMap<>();
    policy.addShapes(shapes);
    value.addShapes(shapes);
    this.layout = ParamLayout.of(shapes);
    policy.bind(layout);
    value.bind(layout);
  }

  /** Networks sized by {@code config}'s hidden layers. */
  public static PpoNetworks of(int observationSize, int actionSize, PpoConfig config) {
    return new PpoNetworks(observationSize, actionSize, config.policyHidden(), config.valueHidden());
  }

  public int observationSize() {
    return observationSize;
  }

  public int actionSize() {
    return actionSize;
  }

  public int[] policyHidden() {
    return policyHidden.clone();
  }

  public int[] valueHidden() {
    return valueHidden.clone();
  }

  /** The names, shapes and offsets of the flat parameter vector. */
  public ParamLayout layout() {
    return layout;
  }

  /** Length of the flat parameter vector. */
  public int numParams() {
    return Math.toIntExact(layout.numParams());
  }

  /** Fresh parameters: the policy's layers, then the value's, drawn from {@code rng} ({@link Mlp#initInPlace}). */
  public float[] init(SplittableRandom rng) {
    float[] params = new float[numParams()];
    policy.initInPlace(params, rng);
    value.initInPlace(params, rng);
    return params;
  }

  Mlp policy() {
    return policy;
  }

  Mlp value() {
    return value;
  }

  @Override
  public String toString() {
    return "PpoNetworks[obs=" + observationSize + ", actions=" + actionSize + ", policy="
        + java.util.Arrays.toString(policyHidden) + ", value=" + java.util.Arrays.toString(valueHidden)
        + ", params=" + numParams() + "]";
  }
}
