package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.optim4rl.agents.params.ParamTensor;
import io.optim4rl.agents.testing.Golden;
import io.optim4rl.agents.testing.GoldenParams;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The double reference ({@link ReferenceUnroll}) against {@code shared/golden/optim4rl.json} and
 * {@code linear_l2l.json} (float64, PyTorch autograd; REFERENCE 4.2-4.4, 4.6, 5.2): 4 steps on 6
 * coordinates from zero hidden states, agent lr 0.003 outside, per-step hidden states, MLP outputs,
 * L2LGD2 inputs and updates, the meta-loss and the meta-gradient of every tensor, all with the golden
 * comparison rule (relative 1e-10).
 */
class ReferenceUnrollGoldenTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String file : new String[] {"optim4rl.json", "linear_l2l.json"}) {
      JsonNode root = Golden.load(file);
      for (JsonNode c : root.get("cases")) {
        String name = c.has("optimizer") ? c.get("optimizer").asText() : "Optim4RL";
        out.add(Arguments.of(name + " " + c.get("mlp_dims"), root, c));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGolden(String name, JsonNode root, JsonNode c) {
    LearnedOptimizerKind kind = c.has("optimizer")
        ? LearnedOptimizerKind.parse(c.get("optimizer").asText()) : LearnedOptimizerKind.OPTIM4RL;
    int[] mlpDims = Golden.ints(c.get("mlp_dims"));
    MetaParams phi = MetaParams.of(kind, mlpDims,
        GoldenParams.sineFill(c.get("param_fill"), MetaParamLayouts.of(kind, mlpDims)));
    assertEquals(c.get("num_meta_params").asInt(), phi.numParams(), name + " size");
    JsonNode setup = root.get("setup");
    double[][] g = matrix(setup.get("gradients_after_clip"));
    double[] adjoint = Golden.doubles(setup.get("adjoint"));
    ReferenceUnroll.Result r = ReferenceUnroll.run(phi, null, g, adjoint, setup.get("agent_lr").asDouble());

    JsonNode expected = c.get("expected");
    for (int k = 0; k < g.length; k++) {
      JsonNode step = expected.get("steps").get(k);
      String at = name + " step " + k;
      Golden.assertClose(at + " update", Golden.doubles(step.get("update")), r.updates()[k]);
      if (kind == LearnedOptimizerKind.OPTIM4RL) {
        Golden.assertClose(at + " h1", Golden.doubles(step.get("h1")), part(r.states()[k], 0, 8));
        Golden.assertClose(at + " h2", Golden.doubles(step.get("h2")), part(r.states()[k], 8, 8));
        Golden.assertClose(at + " o1", Golden.doubles(step.get("o1")), part(r.outputs()[k], 0, 1));
        Golden.assertClose(at + " o2", Golden.doubles(step.get("o2")), part(r.outputs()[k], 1, 1));
      } else {
        Golden.assertClose(at + " h", Golden.doubles(step.get("h")), part(r.states()[k], 0, 8));
        Golden.assertClose(at + " o", Golden.doubles(step.get("o")), part(r.outputs()[k], 0, kind.outputSize()));
        if (step.has("inputs")) {
          Golden.assertClose(at + " inputs", Golden.doubles(step.get("inputs")), part(r.inputs()[k], 0, 2));
        }
      }
    }
    assertEquals(expected.get("meta_loss").asDouble(), r.metaLoss(), 1e-10 * Math.abs(r.metaLoss()), name + " L");
    JsonNode grads = expected.get("meta_gradient");
    for (ParamTensor t : phi.layout().tensors()) {
      double[] actual = new double[Math.toIntExact(t.size())];
      System.arraycopy(r.metaGradient(), Math.toIntExact(t.offset()), actual, 0, actual.length);
      Golden.assertClose(name + " dL/d" + t.name(), Golden.doubles(grads.get(t.name())), actual);
    }
  }

  static double[][] matrix(JsonNode rows) {
    double[][] m = new double[rows.size()][];
    for (int k = 0; k < m.length; k++) {
      m[k] = Golden.doubles(rows.get(k));
    }
    return m;
  }

  /** Entries [from, from + width) of every coordinate's vector, concatenated in coordinate order. */
  static double[] part(double[][] perCoordinate, int from, int width) {
    double[] out = new double[perCoordinate.length * width];
    for (int c = 0; c < perCoordinate.length; c++) {
      System.arraycopy(perCoordinate[c], from, out, c * width, width);
    }
    return out;
  }
}
