package io.optim4rl.agents.a2c;

import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.agents.params.ParamLayout;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A test double: logits are {@code w * 0} (a uniform policy while w is finite, NaN once w is not) and
 * values are {@code valueScale * w} (NaN for valueScale NaN); one parameter w. Lets trainer tests predict every action.
 */
final class ConstantLogitsNet implements ActorCriticNet {

  private final int[] observationShape;
  private final int numActions;
  private final double valueScale;
  private final ParamLayout layout = ParamLayout.of(Map.of("w", new long[] {1}));

  ConstantLogitsNet(int[] observationShape, int numActions, double valueScale) {
    this.observationShape = observationShape.clone();
    this.numActions = numActions;
    this.valueScale = valueScale;
  }

  @Override
  public String name() {
    return "constant";
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

  @Override
  public INDArray init(SplittableRandom rng, DataType dataType) {
    return Nd4j.zeros(dataType, 1);
  }

  @Override
  public Forward forward(INDArray params, INDArray observations) {
    long rows = observations.size(0);
    double w = params.getDouble(0);
    // filled in Java: ND4J 1.0.0-M2.1 scalar ops replace a NaN scalar operand by 1e-5
    INDArray logits = filled(rows * numActions, w * 0, params.dataType()).reshape(rows, numActions);
    INDArray values = filled(rows, valueScale * w, params.dataType());
    return new Forward() {
      @Override
      public INDArray logits() {
        return logits;
      }

      @Override
      public INDArray values() {
        return values;
      }
    };
  }

  static INDArray filled(long n, double value, DataType dataType) {
    double[] data = new double[Math.toIntExact(n)];
    java.util.Arrays.fill(data, value);
    return Nd4j.createFromArray(data).castTo(dataType);
  }

  @Override
  public INDArray backward(INDArray params, Forward forward, INDArray dLogits, INDArray dValues) {
    return filled(1, valueScale * dValues.sumNumber().doubleValue(), params.dataType());
  }
}
