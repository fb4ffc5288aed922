package io.optim4rl.lopt;

/**
 * {@link LearnedOptimizerEngine} on the double-precision reference implementation (any coordinate-wise
 * kind: Optim4RL, LinearOptim, L2LGD2). Exact but scalar: it is the meta-training engine of LinearOptim and
 * L2LGD2, which have no fused kernel; Optim4RL uses {@link Optim4RlEngine}. It stores the hidden state before
 * every step and the clipped gradients (in float, like the fused kernel's tape) and recomputes each step's
 * activations in the backward.
 */
public final class ReferenceEngine implements LearnedOptimizerEngine {

  private final int numCoords;
  private final int stateSize;
  private final int steps;
  private final double lr;
  private final double clip;
  private final float[][] hidden;
  private final float[][] gradients;
  private MetaParams metaParams;
  private ReferenceLearnedOptimizer opt;

  public ReferenceEngine(MetaParams metaParams, int numCoords, int innerUpdates, double lr, double clip) {
    this.numCoords = numCoords;
    this.steps = innerUpdates;
    this.lr = lr;
    this.clip = clip;
    setMetaParams(metaParams);
    this.stateSize = opt.stateSize();
    this.hidden = new float[steps + 1][stateSize * numCoords];
    this.gradients = new float[steps][numCoords];
  }

  @Override
  public int numCoords() {
    return numCoords;
  }

  @Override
  public void setMetaParams(MetaParams metaParams) {
    this.metaParams = metaParams;
    this.opt = ReferenceLearnedOptimizer.of(metaParams);
  }

  @Override
  public void resetHidden(int from, int to) {
    java.util.Arrays.fill(hidden[0], from * stateSize, to * stateSize, 0f);
  }

  @Override
  public void forward(int step, float[] agentGradient, float[] update) {
    double[] phi = metaParams.valuesShared();
    ReferenceLearnedOptimizer.Step s = opt.newStep();
    double[] in = new double[stateSize];
    double[] out = new double[stateSize];
    for (int c = 0; c < numCoords; c++) {
      double g = agentGradient[c];
      if (clip > 0) {
        g = Math.max(-clip, Math.min(clip, g));
      }
      gradients[step][c] = (float) g;
      for (int j = 0; j < stateSize; j++) {
        in[j] = hidden[step][c * stateSize + j];
      }
      update[c] = (float) (lr * s.forward(phi, gradients[step][c], in, out));
      for (int j = 0; j < stateSize; j++) {
        hidden[step + 1][c * stateSize + j] = (float) out[j];
      }
    }
  }

  @Override
  public double[][] metaGradients(float[] adjoint, int numUnits, int paramsPerUnit) {
    double[] phi = metaParams.valuesShared();
    double[][] result = new double[numUnits][metaParams.numParams()];
    ReferenceLearnedOptimizer.Step[] tape = new ReferenceLearnedOptimizer.Step[steps];
    for (int k = 0; k < steps; k++) {
      tape[k] = opt.newStep();
    }
    double[] in = new double[stateSize];
    double[] out = new double[stateSize];
    for (int u = 0; u < numUnits; u++) {
      for (int c = u * paramsPerUnit; c < (u + 1) * paramsPerUnit; c++) {
        for (int k = 0; k < steps; k++) {
          for (int j = 0; j < stateSize; j++) {
            in[j] = hidden[k][c * stateSize + j];
          }
          tape[k].forward(phi, gradients[k][c], in, out);
        }
        double[] dState = new double[stateSize];
        for (int k = steps - 1; k >= 0; k--) {
          double[] dPrev = new double[stateSize];
          tape[k].backward(phi, lr * adjoint[c], dState, result[u], dPrev);
          dState = dPrev;
        }
      }
    }
    return result;
  }

  @Override
  public void endIteration() {
    System.arraycopy(hidden[steps], 0, hidden[0], 0, hidden[0].length);
  }
}
