package io.optim4rl.agents.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.optim4rl.agents.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam and RMSProp against {@code shared/golden/optimizers.json} (float64, optax 0.1.7 semantics,
 * REFERENCE 4.1): three steps, each without preprocessing, with elementwise clip 1.0 and with global-norm
 * clip 0.5; per step the preprocessed gradient, the state after the step and the update.
 */
class OptimizerGoldenTest {

  private static final JsonNode FILE = Golden.load("optimizers.json");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : FILE.get("cases")) {
      out.add(Arguments.of(c.get("optimizer").asText(), c.get("preprocessing").asText(), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesGolden(String optimizer, String preprocessing, JsonNode c) {
    double lr = FILE.get("hyperparameters").get("learning_rate").asDouble();
    OptimizerSpec spec = new OptimizerSpec(optimizer, lr, clipOf(preprocessing), normOf(preprocessing));
    run(Optimizers.create(spec), spec.clipping(), c);
  }

  private static <S> void run(Optimizer<S> optimizer, GradientClipping clipping, JsonNode c) {
    JsonNode gradients = FILE.get("gradients");
    INDArray params = Nd4j.zeros(DataType.DOUBLE, gradients.get(0).size());
    S state = optimizer.init(params);
    for (int k = 0; k < gradients.size(); k++) {
      JsonNode expected = c.get("steps").get(k);
      String at = c.get("optimizer").asText() + "/" + c.get("preprocessing").asText() + " step " + (k + 1);
      INDArray g = Nd4j.createFromArray(Golden.doubles(gradients.get(k)));
      if (expected.has("global_norm_before_clip")) {
        assertEquals(expected.get("global_norm_before_clip").asDouble(), GradientClipping.globalNorm(g), 1e-15, at);
      }
      Golden.assertClose(at + " grad", Golden.doubles(expected.get("grad_after_preprocessing")),
          clipping.apply(g).toDoubleVector());
      Optimizer.Step<S> step = optimizer.update(g, state, params);
      Golden.assertClose(at + " update", Golden.doubles(expected.get("update")), step.update().toDoubleVector());
      assertState(at, expected, step.state());
      state = step.state();
    }
  }

  private static void assertState(String at, JsonNode expected, Object state) {
    if (state instanceof AdamOptimizer.State adam) {
      Golden.assertClose(at + " m", Golden.doubles(expected.get("m")), adam.m().toDoubleVector());
      Golden.assertClose(at + " v", Golden.doubles(expected.get("v")), adam.v().toDoubleVector());
      assertEquals(expected.get("step").asLong(), adam.count(), at + " count");
    } else {
      RmsPropOptimizer.State rms = (RmsPropOptimizer.State) state;
      Golden.assertClose(at + " nu", Golden.doubles(expected.get("nu")), rms.nu().toDoubleVector());
    }
  }

  private static double clipOf(String preprocessing) {
    return preprocessing.startsWith("clip_") ? Double.parseDouble(preprocessing.substring(5)) : -1;
  }

  private static double normOf(String preprocessing) {
    return preprocessing.startsWith("global_norm_") ? Double.parseDouble(preprocessing.substring(12)) : -1;
  }
}
