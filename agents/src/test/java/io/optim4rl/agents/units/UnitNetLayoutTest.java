package io.optim4rl.agents.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.agents.nets.Nets;
import io.optim4rl.envs.Tasks;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The unit nets are the ND4J nets' twins: same architecture choice, same flat layout (tensor names,
 * shapes, offsets) for all nine tasks, and initialisation that draws bit-identical float parameters from
 * the same generator as {@code ActorCriticNet.init(rng, FLOAT)}.
 */
class UnitNetLayoutTest {

  static String[] tasks() {
    return Tasks.names().toArray(new String[0]);
  }

  @ParameterizedTest
  @MethodSource("tasks")
  void layoutMatchesTheNd4jNet(String task) {
    ActorCriticNet nd4j = Nets.forTask(task);
    UnitBatchA2c units = new UnitBatchA2c(task, 2, A2cLoss.Hyper.defaults(), 20, 1, null);
    assertEquals(nd4j.name(), units.netName());
    assertEquals(nd4j.layout().tensors(), units.layout().tensors());
    assertEquals(nd4j.layout().numParams(), units.numParams());
    assertEquals(nd4j.numActions(), units.numActions());
  }

  @ParameterizedTest
  @MethodSource("tasks")
  void initDrawsTheNd4jNetsParameters(String task) {
    ActorCriticNet nd4j = Nets.forTask(task);
    UnitBatchA2c units = new UnitBatchA2c(task, 3, A2cLoss.Hyper.defaults(), 20, 1, null);
    int p = units.numParams();
    float[] params = new float[3 * p];
    Arrays.fill(params, Float.NaN);
    units.initUnitParams(params, 1, new SplittableRandom(42));
    float[] expected = nd4j.init(new SplittableRandom(42), DataType.FLOAT).toFloatVector();
    assertArrayEquals(expected, Arrays.copyOfRange(params, p, 2 * p));
    for (int i = 0; i < p; i++) {
      assertEquals(Float.NaN, params[i], "unit 0 was touched at " + i);
      assertEquals(Float.NaN, params[2 * p + i], "unit 2 was touched at " + i);
    }
  }
}
