package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The meta-parameters phi of one learned optimizer: its kind, MLP hidden sizes, layout (flax names in
 * canonical order, {@link MetaParamLayouts}) and values. Immutable: the values are copied in and out.
 * Values are held in double (the meta-optimizer's precision) with a float copy for the kernels.
 */
public final class MetaParams {

  private final LearnedOptimizerKind kind;
  private final int[] mlpDims;
  private final ParamLayout layout;
  private final double[] values;
  private final float[] floatValues;

  private MetaParams(LearnedOptimizerKind kind, int[] mlpDims, double[] values) {
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
    this.mlpDims = mlpDims.clone();
    this.layout = MetaParamLayouts.of(kind, this.mlpDims);
    if (values.length != layout.numParams()) {
      throw new IllegalArgumentException(kind + " with mlpDims " + Arrays.toString(mlpDims) + " has "
          + layout.numParams() + " meta-parameters, got " + values.length + " values");
    }
    this.values = values.clone();
    this.floatValues = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(kind + " meta-parameter " + i + " is not finite: " + values[i]);
      }
      floatValues[i] = (float) values[i];
    }
  }

  /** Meta-parameters with the given values (copied; length = the layout's size; all finite). */
  public static MetaParams of(LearnedOptimizerKind kind, int[] mlpDims, double[] values) {
    MetaParamLayouts.checkMlpDims(mlpDims);
    return new MetaParams(kind, mlpDims, values);
  }

  /** Freshly initialised meta-parameters (REFERENCE 4.2, {@link MetaParamInit}) drawn from {@code rng}. */
  public static MetaParams init(LearnedOptimizerKind kind, int[] mlpDims, SplittableRandom rng) {
    MetaParamLayouts.checkMlpDims(mlpDims);
    return new MetaParams(kind, mlpDims, MetaParamInit.init(MetaParamLayouts.of(kind, mlpDims), rng));
  }

  /** The same kind and mlpDims with new values (for example after a meta-optimizer step). */
  public MetaParams withValues(double[] newValues) {
    return new MetaParams(kind, mlpDims, newValues);
  }

  public LearnedOptimizerKind kind() {
    return kind;
  }

  /** MLP hidden sizes (a copy). */
  public int[] mlpDims() {
    return mlpDims.clone();
  }

  public ParamLayout layout() {
    return layout;
  }

  public int numParams() {
    return values.length;
  }

  /** The values in canonical order (a copy). */
  public double[] values() {
    return values.clone();
  }

  /** The values rounded to float (a copy). */
  public float[] floatValues() {
    return floatValues.clone();
  }

  /** Value {@code i} (canonical order). */
  public double value(int i) {
    return values[i];
  }

  /** The float values without copying: package-private, callers must not write to it. */
  float[] floatValuesShared() {
    return floatValues;
  }

  /** The double values without copying: package-private, callers must not write to it. */
  double[] valuesShared() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetaParams m && m.kind == kind && Arrays.equals(m.mlpDims, mlpDims)
        && Arrays.equals(m.values, values);
  }

  @Override
  public int hashCode() {
    return (kind.hashCode() * 31 + Arrays.hashCode(mlpDims)) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return kind.registryName() + Arrays.toString(mlpDims) + "(" + values.length + " meta-params)";
  }
}
