package io.optim4rl.lopt;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.params.ParamLayout;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * STAR with frozen meta-parameters as an agent optimizer (REFERENCE 4.5, 6): the configured learning
 * rate is STAR's step_mult, update = -step - nominal (the amount added to the parameters), state
 * {@link StarState} zero at {@link #init} and carried through every update. STAR reads the current
 * parameters (a feature) and needs the agent's tensor shapes (per-tensor normalisation, factored
 * accumulators), hence the {@link ParamLayout}. Gradient clipping is left to the registry's
 * {@code ClippedOptimizer}. Double precision ({@link StarCore}).
 */
public final class StarOptimizer implements Optimizer<StarState> {

  private final MetaParams metaParams;
  private final ParamLayout agentLayout;
  private final StarTensors tensors;
  private final StarCore core;
  private final ThreadLocal<StarCore.Scratch> scratch;

  private StarOptimizer(MetaParams metaParams, double learningRate, ParamLayout agentLayout) {
    this.metaParams = Objects.requireNonNull(metaParams, "metaParams");
    this.agentLayout = Objects.requireNonNull(agentLayout, "agentLayout");
    if (!(Double.isFinite(learningRate) && learningRate > 0)) {
      throw new IllegalArgumentException("star: learningRate must be finite and > 0, got " + learningRate);
    }
    this.core = new StarCore(metaParams, learningRate);
    this.tensors = StarTensors.of(agentLayout);
    this.scratch = ThreadLocal.withInitial(() -> new StarCore.Scratch(tensors, 1));
  }

  /** STAR with {@code metaParams} (kind star), step_mult {@code learningRate}, for agents laid out as {@code agentLayout}. */
  public static StarOptimizer of(MetaParams metaParams, double learningRate, ParamLayout agentLayout) {
    return new StarOptimizer(metaParams, learningRate, agentLayout);
  }

  public MetaParams metaParams() {
    return metaParams;
  }

  public double learningRate() {
    return core.learningRate();
  }

  public ParamLayout agentLayout() {
    return agentLayout;
  }

  @Override
  public String name() {
    return LearnedOptimizerKind.STAR.registryName();
  }

  @Override
  public StarState init(INDArray agentParams) {
    checkLength(agentParams.length());
    return new StarState(new StarBuffers(1, tensors));
  }

  @Override
  public Step<StarState> update(INDArray agentGradient, StarState state, INDArray agentParams) {
    int n = checkLength(agentGradient.length());
    checkLength(agentParams.length());
    if (state.numCoords() != n) {
      throw new IllegalArgumentException("star: the state was made for " + state.numCoords() + " parameters, got " + n);
    }
    double[] g = agentGradient.reshape(n).toDoubleVector();
    double[] p = agentParams.reshape(n).toDoubleVector();
    StarBuffers in = state.buffers();
    StarBuffers out = in.copy();
    long iteration = in.iteration[0];
    StarCore.Scratch s = scratch.get();
    double[] update = new double[n];
    for (StarTensors.Tensor t : tensors.tensors()) {
      System.arraycopy(g, t.offset, s.g, 0, t.size);
      System.arraycopy(p, t.offset, s.p, 0, t.size);
      in.load(0, t, s.states[0]);
      core.forward(t, s.states[0], s.states[1], iteration, s, null, null);
      out.store(0, t, s.states[1]);
      System.arraycopy(s.update, 0, update, t.offset, t.size);
    }
    out.iteration[0] = iteration + 1;
    INDArray u = Nd4j.createFromArray(update).castTo(agentGradient.dataType()).reshape(agentGradient.shape());
    return new Step<>(u, new StarState(out));
  }

  private int checkLength(long length) {
    if (length != tensors.numParams()) {
      throw new IllegalArgumentException("star: the agent layout has " + tensors.numParams() + " parameters, got "
          + length);
    }
    return (int) length;
  }

  @Override
  public String toString() {
    return "star(lr=" + learningRate() + ", " + metaParams + ")";
  }
}
