package io.optim4rl.lopt;

import java.util.ArrayList;
import java.util.List;

/** {@link LearnedOptimizerEngine} for Optim4RL on the fused kernel through {@link Optim4RlExecutor}. */
public final class Optim4RlEngine implements LearnedOptimizerEngine {

  private final Optim4RlExecutor executor;
  private final Optim4RlTape tape;
  private final float lr;
  private final float clip;
  private Optim4RlWeights weights;

  /**
   * @param numCoords units x agent parameters
   * @param innerUpdates M
   * @param lr the task's agent learning rate (update = lr * out)
   * @param clip elementwise clip of agent gradients; &lt;= 0 disables
   */
  public Optim4RlEngine(Optim4RlExecutor executor, MetaParams metaParams, int numCoords, int innerUpdates, double lr,
      double clip) {
    this.executor = executor;
    this.tape = Optim4RlTape.create(numCoords, innerUpdates);
    this.lr = (float) lr;
    this.clip = (float) clip;
    this.weights = Optim4RlWeights.of(metaParams);
  }

  @Override
  public int numCoords() {
    return tape.numCoords();
  }

  @Override
  public void setMetaParams(MetaParams metaParams) {
    this.weights = Optim4RlWeights.of(metaParams);
  }

  @Override
  public void resetHidden(int from, int to) {
    tape.resetHidden(from, to);
  }

  @Override
  public void forward(int step, float[] agentGradient, float[] update) {
    executor.forward(weights, tape, step, agentGradient, clip, lr, update, 0, tape.numCoords());
  }

  @Override
  public double[][] metaGradients(float[] adjoint, int numUnits, int paramsPerUnit) {
    List<Optim4RlExecutor.Unit> units = new ArrayList<>(numUnits);
    for (int u = 0; u < numUnits; u++) {
      units.add(new Optim4RlExecutor.Unit(tape, adjoint, lr, u * paramsPerUnit, (u + 1) * paramsPerUnit));
    }
    return executor.metaGradients(weights, units);
  }

  @Override
  public void endIteration() {
    tape.carryOver();
  }
}
