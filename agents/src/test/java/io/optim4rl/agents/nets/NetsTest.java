package io.optim4rl.agents.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.params.ParamTensor;
import io.optim4rl.agents.testing.NetFixtures;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Net selection, parameter layouts (REFERENCE 2 and Appendix C) and initialisation. */
class NetsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "small_dense_short, 3, 6, 8, 9, D32, 4970",
    "small_dense_long, 3, 8, 6, 9, D32, 4970",
    "big_sparse_short, 5, 12, 14, 9, C16_D32, 31994",
    "big_sparse_long, 5, 14, 12, 9, C16_D32, 36986",
    "big_dense_short, 5, 11, 15, 9, C16_D32, 29498",
    "big_dense_long, 5, 15, 11, 9, C16_D32, 39482",
    "catch, 10, 5, 1, 3, D256, 14084"
  })
  void parameterCountsMatchTheReferenceTable(
      String task, int d0, int d1, int d2, int actions, String arch, long params) {
    ActorCriticNet net = Nets.forTask(task, new int[] {d0, d1, d2}, actions);
    assertEquals(arch, net.name());
    assertEquals(params, net.layout().numParams());
    assertEquals(actions, net.numActions());
    assertArrayEquals(new int[] {d0, d1, d2}, net.observationShape());
    ActorCriticNet fromRegistry = Nets.forTask(task);
    assertEquals(params, fromRegistry.layout().numParams());
  }

  @Test
  void tensorsAreTheFlaxPathsInSortedOrder() {
    ActorCriticNet d32 = Nets.forTask("sds", new int[] {3, 6, 8}, 9);
    assertEquals(List.of("actor_net.bias[9]@0", "actor_net.kernel[32, 9]@9", "critic_net.bias[1]@297",
        "critic_net.kernel[32, 1]@298", "feature_net.layers_1.bias[32]@330",
        "feature_net.layers_1.kernel[144, 32]@362"), names(d32));
    ActorCriticNet c16 = Nets.forTask("bdl", new int[] {5, 15, 11}, 9);
    assertEquals(List.of("actor_net.bias[9]@0", "actor_net.kernel[32, 9]@9", "critic_net.bias[1]@297",
        "critic_net.kernel[32, 1]@298", "feature_net.layers_0.bias[16]@330",
        "feature_net.layers_0.kernel[2, 2, 11, 16]@346", "feature_net.layers_3.bias[32]@1050",
        "feature_net.layers_3.kernel[1200, 32]@1082"), names(c16));
    ActorCriticNet d256 = Nets.forTask("catch", new int[] {10, 5, 1}, 3);
    assertEquals("feature_net.layers_1.kernel[50, 256]@1284", names(d256).get(5));
  }

  private static List<String> names(ActorCriticNet net) {
    return net.layout().tensors().stream().map(ParamTensor::toString).toList();
  }

  @Test
  void unknownTaskNamesTheRule() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> Nets.forTask("medium_grid", new int[] {3, 3, 3}, 9));
    assertTrue(e.getMessage().contains("'small' use D32"), e.getMessage());
    assertTrue(e.getMessage().contains("medium_grid"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Nets.forTask("big_x", new int[] {75, 11}, 9));
    assertThrows(IllegalArgumentException.class, () -> Nets.forTask("small_x", new int[] {3, 0, 8}, 9));
    assertThrows(IllegalArgumentException.class, () -> Nets.forTask("catch", new int[] {10, 5, 1}, 0));
  }

  @Test
  void selectsByNameLikeTheReference() {
    assertInstanceOf(DenseActorCriticNet.class, Nets.forTask("small_sparse_short", new int[] {3, 5, 10}, 9));
    assertInstanceOf(ConvActorCriticNet.class, Nets.forTask("bss", new int[] {5, 12, 14}, 9));
    assertEquals(256, ((DenseActorCriticNet) Nets.forTask("catch", new int[] {10, 5, 1}, 3)).hiddenSize());
  }

  @Test
  void initIsTruncatedLecunNormalWithZeroBiases() {
    ActorCriticNet net = Nets.forTask("bdl", new int[] {5, 15, 11}, 9);
    INDArray p = net.init(new SplittableRandom(7), DataType.FLOAT);
    assertEquals(DataType.FLOAT, p.dataType());
    double[] flat = NetFixtures.flat(p);
    for (ParamTensor t : net.layout().tensors()) {
      long[] shape = t.shape();
      double fanIn = (double) t.size() / shape[shape.length - 1];
      double sum = 0;
      double sumSq = 0;
      double maxAbs = 0;
      for (long i = t.offset(); i < t.offset() + t.size(); i++) {
        double v = flat[(int) i];
        sum += v;
        sumSq += v * v;
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      if (t.name().endsWith(".bias")) {
        assertEquals(0.0, maxAbs, t.name());
        continue;
      }
      double bound = 2 * Math.sqrt(1 / fanIn) / LecunNormal.TRUNCATED_STD;
      assertTrue(maxAbs <= bound * (1 + 1e-6), t.name() + " exceeds the truncation bound");
      double std = Math.sqrt(sumSq / t.size() - Math.pow(sum / t.size(), 2));
      double tol = 5 / Math.sqrt(t.size());
      assertEquals(1.0, std * Math.sqrt(fanIn), tol, t.name() + " std * sqrt(fan_in)");
    }
    double[] again = NetFixtures.flat(net.init(new SplittableRandom(7), DataType.FLOAT));
    assertArrayEquals(flat, again);
  }
}
