package io.optim4rl.lopt;

import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.optim.Optimizers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learned optimizer with frozen meta-parameters as an agent {@link Optimizer} (REFERENCE 4.6, 6):
 * evaluation mode, update = lr * out with the configured learning rate, hidden state zero at
 * {@link #init} and carried through every update of the run. Elementwise gradient clipping is the
 * registry's wrapper's job, so this optimizer sees clipped gradients.
 *
 * <p>Optim4RL runs on the scalar float kernel (exact to float rounding); LinearOptim and L2LGD2 on the
 * double reference. The state is immutable: each update returns a new hidden-state array.
 */
public final class FrozenLearnedOptimizer implements Optimizer<FrozenLearnedOptimizer.State> {

  /** Hidden state (structure of arrays for Optim4RL, coordinate-major for the reference) and update count. */
  public record State(float[] hidden, long count) {}

  private final MetaParams metaParams;
  private final double learningRate;
  private final Optim4RlWeights weights;
  private final ReferenceLearnedOptimizer reference;

  public FrozenLearnedOptimizer(MetaParams metaParams, double learningRate) {
    this.metaParams = metaParams;
    this.learningRate = learningRate;
    boolean fused = metaParams.kind() == LearnedOptimizerKind.OPTIM4RL;
    this.weights = fused ? Optim4RlWeights.of(metaParams) : null;
    this.reference = fused ? null : ReferenceLearnedOptimizer.of(metaParams);
  }

  /** A registry that also builds {@code name} as this optimizer with {@code metaParams} (lr from the spec). */
  public static Optimizers register(Optimizers base, String name, MetaParams metaParams) {
    return base.with(name, spec -> new FrozenLearnedOptimizer(metaParams, spec.learningRate()));
  }

  @Override
  public String name() {
    return metaParams.kind().registryName() + "(lr=" + learningRate + ")";
  }

  @Override
  public State init(INDArray agentParams) {
    return new State(new float[metaParams.kind().stateSize() * (int) agentParams.length()], 0);
  }

  @Override
  public Step<State> update(INDArray agentGradient, State state, INDArray agentParams) {
    float[] g = agentGradient.dup().reshape(agentGradient.length()).toFloatVector();
    int n = g.length;
    float[] hiddenOut = new float[state.hidden().length];
    float[] update = new float[n];
    if (weights != null) {
      Optim4RlTape tape = Optim4RlTape.create(n, 1);
      System.arraycopy(state.hidden(), 0, tape.hidden(0), 0, hiddenOut.length);
      Optim4RlScalarKernel.instance().forward(weights, tape, 0, g, -1f, update, (float) learningRate, 0, n);
      System.arraycopy(tape.hidden(1), 0, hiddenOut, 0, hiddenOut.length);
    } else {
      referenceStep(g, state.hidden(), hiddenOut, update);
    }
    INDArray u = Nd4j.createFromArray(update).castTo(agentGradient.dataType()).reshape(agentGradient.shape());
    return new Step<>(u, new State(hiddenOut, state.count() + 1));
  }

  private void referenceStep(float[] g, float[] hiddenIn, float[] hiddenOut, float[] update) {
    int d = reference.stateSize();
    double[] phi = metaParams.valuesShared();
    ReferenceLearnedOptimizer.Step step = reference.newStep();
    double[] in = new double[d];
    double[] out = new double[d];
    for (int c = 0; c < g.length; c++) {
      for (int j = 0; j < d; j++) {
        in[j] = hiddenIn[c * d + j];
      }
      update[c] = (float) (learningRate * step.forward(phi, g[c], in, out));
      for (int j = 0; j < d; j++) {
        hiddenOut[c * d + j] = (float) out[j];
      }
    }
  }
}
