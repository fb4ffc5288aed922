package io.optim4rl.lopt.meta;

import io.optim4rl.agents.optim.AdamOptimizer;
import io.optim4rl.agents.optim.ClippedOptimizer;
import io.optim4rl.agents.optim.GradientClipping;
import io.optim4rl.agents.optim.Optimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The meta-optimizer (REFERENCE 5.1 step 3): Adam (optax defaults) on the meta-parameters in double, with
 * an optional elementwise clip or global-norm clip of the meta-gradient, reusing the agents' Adam. Its
 * state can be exported to and restored from a flat array {m, v, count} for checkpoints.
 */
public final class MetaAdam {

  private final Optimizer<AdamOptimizer.State> adam;
  private AdamOptimizer.State state;

  public MetaAdam(double learningRate, double gradClip, double gradNorm, int numParams) {
    this.adam = ClippedOptimizer.wrap(AdamOptimizer.of(learningRate), GradientClipping.of(gradClip, gradNorm));
    this.state = adam.init(Nd4j.zeros(DataType.DOUBLE, numParams));
  }

  /** The new meta-parameters after one step on {@code metaGradient}. */
  public double[] step(double[] metaParams, double[] metaGradient) {
    INDArray params = Nd4j.createFromArray(metaParams);
    Optimizer.Step<AdamOptimizer.State> s = adam.update(Nd4j.createFromArray(metaGradient), state, params);
    state = s.state();
    return params.add(s.update()).toDoubleVector();
  }

  /** {m..., v..., count} as one array. */
  public double[] exportState() {
    double[] m = state.m().toDoubleVector();
    double[] v = state.v().toDoubleVector();
    double[] out = new double[2 * m.length + 1];
    System.arraycopy(m, 0, out, 0, m.length);
    System.arraycopy(v, 0, out, m.length, v.length);
    out[out.length - 1] = state.count();
    return out;
  }

  /** Restores a state written by {@link #exportState()}. */
  public void importState(double[] flat) {
    int n = (flat.length - 1) / 2;
    if (flat.length != 2 * n + 1 || n != state.m().length()) {
      throw new IllegalArgumentException("meta-optimizer state has " + flat.length + " values, expected "
          + (2 * state.m().length() + 1));
    }
    double[] m = java.util.Arrays.copyOfRange(flat, 0, n);
    double[] v = java.util.Arrays.copyOfRange(flat, n, 2 * n);
    state = new AdamOptimizer.State(Nd4j.createFromArray(m), Nd4j.createFromArray(v), (long) flat[2 * n]);
  }
}
