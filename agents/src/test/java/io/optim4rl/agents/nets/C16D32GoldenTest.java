package io.optim4rl.agents.nets;

import static io.optim4rl.agents.testing.NetFixtures.flat;
import static io.optim4rl.agents.testing.NetFixtures.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.testing.Golden;
import io.optim4rl.agents.testing.GoldenParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * C16_D32 on big_dense_long against {@code golden/c16_d32_forward.json} (float64, REFERENCE 2): the conv
 * quirk's 1,200 pre-ReLU outputs, features, logits, value, and the gradient of
 * {@code S = sum(logits) + value} (backward with dLogits = 1, dValues = 1).
 */
class C16D32GoldenTest {

  private static JsonNode file;
  private static ConvActorCriticNet net;
  private static INDArray params;
  private static ConvActorCriticNet.ConvForward forward;
  private static double[] convOutput;
  private static double[] gradient;

  @BeforeAll
  static void run() {
    file = Golden.load("c16_d32_forward.json");
    int[] shape = Golden.ints(file.get("network").get("observation_shape"));
    net = ConvActorCriticNet.c16d32(shape, file.get("network").get("num_actions").asInt());
    assertEquals(file.get("network").get("num_params").asLong(), net.layout().numParams());
    params = vector(GoldenParams.sineFill(file.get("param_fill"), net.layout()));
    double[] obs = new double[net.observationSize()];
    JsonNode hot = file.get("observation").get("hot");
    int planeSize = shape[1] * shape[2];
    for (int p = 0; p < hot.size(); p++) {
      for (JsonNode k : hot.get(p)) {
        obs[p * planeSize + k.asInt()] = 1.0;
      }
    }
    INDArray observation = Nd4j.create(obs, new long[] {1, obs.length});
    forward = net.forward(params, observation);
    convOutput = flat(net.convPreActivation(params, observation));
    gradient = flat(net.backward(params, forward, Nd4j.ones(DataType.DOUBLE, 1, net.numActions()),
        Nd4j.ones(DataType.DOUBLE, 1)));
  }

  private static JsonNode expected() {
    return file.get("expected");
  }

  @Test
  void convOutputMatches() {
    double[] conv = convOutput;
    Golden.assertClose("conv_output_full", Golden.doubles(expected().get("conv_output_full")), conv);
    double[] relu = Golden.doubles(expected().get("conv_output_full"));
    for (int i = 0; i < relu.length; i++) {
      relu[i] = Math.max(relu[i], 0.0);
    }
    Golden.assertClose("relu(conv) kept by forward", relu, flat(forward.convFeatures()));
    for (JsonNode e : expected().get("conv_output_listed")) {
      int rows = net.observationShape()[1];
      int index = (e.get("c").asInt() * rows + e.get("r").asInt()) * ConvActorCriticNet.CONV_FEATURES
          + e.get("f").asInt();
      assertEquals(e.get("index").asInt(), index);
      Golden.assertClose("conv[" + index + "]", new double[] {e.get("value").asDouble()},
          new double[] {conv[index]});
    }
  }

  @Test
  void featuresLogitsAndValueMatch() {
    Golden.assertClose("features", Golden.doubles(expected().get("features")), flat(forward.features()));
    double[] logits = flat(forward.logits());
    Golden.assertClose("logits", Golden.doubles(expected().get("logits")), logits);
    double value = flat(forward.values())[0];
    Golden.assertClose("value", new double[] {expected().get("value").asDouble()}, new double[] {value});
    double s = value;
    for (double l : logits) {
      s += l;
    }
    Golden.assertClose("S", new double[] {expected().get("S").asDouble()}, new double[] {s});
  }

  @Test
  void convAndSmallTensorGradientsMatch() {
    Golden.assertClose("d conv kernel", Golden.doubles(expected().get("gradient_conv_kernel")),
        tensor(ConvActorCriticNet.CONV_KERNEL));
    Golden.assertClose("d conv bias", Golden.doubles(expected().get("gradient_conv_bias")),
        tensor(ConvActorCriticNet.CONV_BIAS));
    expected().get("gradient_small_tensors").properties().forEach(e ->
        Golden.assertClose("d " + e.getKey(), Golden.doubles(e.getValue()), tensor(e.getKey())));
  }

  @Test
  void denseKernelGradientSummaryMatches() {
    JsonNode s = expected().get("gradient_dense_kernel_summary");
    double[] g = tensor(s.get("name").asText());
    int cols = ConvActorCriticNet.HIDDEN;
    int rows = g.length / cols;
    double sumSq = 0;
    double sum = 0;
    double sumAbs = 0;
    double maxAbs = 0;
    int nonzero = 0;
    double[] rowSums = new double[rows];
    double[] colSums = new double[cols];
    for (int i = 0; i < g.length; i++) {
      sumSq += g[i] * g[i];
      sum += g[i];
      sumAbs += Math.abs(g[i]);
      maxAbs = Math.max(maxAbs, Math.abs(g[i]));
      nonzero += g[i] != 0.0 ? 1 : 0;
      rowSums[i / cols] += g[i];
      colSums[i % cols] += g[i];
    }
    assertEquals(s.get("nonzero_count").asInt(), nonzero, "nonzero count");
    Golden.assertClose("summary (l2, sum, sum_abs, max_abs)",
        new double[] {s.get("l2_norm").asDouble(), s.get("sum").asDouble(), s.get("sum_abs").asDouble(),
            s.get("max_abs").asDouble()},
        new double[] {Math.sqrt(sumSq), sum, sumAbs, maxAbs});
    Golden.assertClose("row sums", Golden.doubles(s.get("row_sums")), rowSums);
    Golden.assertClose("column sums", Golden.doubles(s.get("column_sums")), colSums);
    for (JsonNode sample : s.get("samples")) {
      int i = sample.get("flat_index").asInt();
      double expectedValue = sample.get("value").asDouble();
      Golden.assertClose("sample " + i, new double[] {expectedValue}, new double[] {g[i]});
      if (expectedValue == 0.0) {
        assertEquals(0.0, g[i], "structural zero at " + i);
      }
    }
  }

  private static double[] tensor(String name) {
    ParamLayout layout = net.layout();
    return flat(layout.view(vector(gradient), name));
  }
}
