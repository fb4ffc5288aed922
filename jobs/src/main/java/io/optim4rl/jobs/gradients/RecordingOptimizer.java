package io.optim4rl.jobs.gradients;

import io.optim4rl.agents.optim.Optimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer that hands every gradient it receives to a {@link GradientSampler} before delegating:
 * wrapped around the whole optimizer chain (clipping included), it sees the averaged, unclipped gradient,
 * as A2Ccollect collects it (REFERENCE 7.1). Steps are counted from 0 per instance.
 */
final class RecordingOptimizer<S> implements Optimizer<S> {

  private final Optimizer<S> inner;
  private final GradientSampler sampler;
  private long step;

  RecordingOptimizer(Optimizer<S> inner, GradientSampler sampler) {
    this.inner = inner;
    this.sampler = sampler;
  }

  static <S> RecordingOptimizer<S> wrap(Optimizer<S> inner, GradientSampler sampler) {
    return new RecordingOptimizer<>(inner, sampler);
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public S init(INDArray agentParams) {
    return inner.init(agentParams);
  }

  @Override
  public Step<S> update(INDArray agentGradient, S state, INDArray agentParams) {
    if (sampler.wants(step)) {
      sampler.record(step, agentGradient.castTo(DataType.FLOAT).toFloatVector());
    }
    step++;
    return inner.update(agentGradient, state, agentParams);
  }

  @Override
  public String toString() {
    return inner.toString();
  }
}
