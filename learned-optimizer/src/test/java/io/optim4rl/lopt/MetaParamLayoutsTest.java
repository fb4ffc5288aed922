package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import io.optim4rl.agents.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Meta-parameter layouts (flax names, shapes, canonical order, counts of REFERENCE 4.2-4.4 and
 * Appendix C) and their initialisation (REFERENCE 4.2): orthogonal recurrent kernels, truncated
 * LeCun-normal input and MLP kernels, zero biases, reproducible from the seed.
 */
class MetaParamLayoutsTest {

  private static final double ORTHO_TOL = 1e-12;

  @Test
  void parameterCountsMatchTheReference() {
    assertEquals(1362, MetaParamLayouts.optim4rl(new int[] {16, 16}).numParams());
    assertEquals(514, MetaParamLayouts.optim4rl(new int[0]).numParams());
    assertEquals(275, MetaParamLayouts.linearOptim(new int[0]).numParams());
    assertEquals(281, MetaParamLayouts.l2lGd2(new int[0]).numParams());
    // 248 + 8*16 + 16 + 16*16 + 16 + 16*3 + 3
    assertEquals(248 + 144 + 272 + 51, MetaParamLayouts.linearOptim(new int[] {16, 16}).numParams());
    assertEquals(1362, MetaParamLayouts.of(LearnedOptimizerKind.OPTIM4RL, MetaParamLayouts.defaultMlpDims()).numParams());
  }

  @Test
  void namesShapesAndOrderMatchTheGoldenFiles() {
    JsonNode o4 = Golden.load("optim4rl.json").get("cases");
    assertLayout("optim4rl [16,16]", o4.get(0), MetaParamLayouts.optim4rl(new int[] {16, 16}));
    assertLayout("optim4rl []", o4.get(1), MetaParamLayouts.optim4rl(new int[0]));
    JsonNode ll = Golden.load("linear_l2l.json").get("cases");
    assertLayout("linearoptim []", ll.get(0), MetaParamLayouts.linearOptim(new int[0]));
    assertLayout("l2lgd2 []", ll.get(1), MetaParamLayouts.l2lGd2(new int[0]));
  }

  private static void assertLayout(String what, JsonNode c, ParamLayout layout) {
    JsonNode listed = c.get("param_fill").get("tensors_in_canonical_order");
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (int j = 0; j < listed.size(); j++) {
      expected.add(listed.get(j).get("name").asText() + java.util.Arrays.toString(Golden.shape(listed.get(j))));
    }
    for (ParamTensor t : layout.tensors()) {
      actual.add(t.name() + java.util.Arrays.toString(t.shape()));
    }
    assertEquals(expected, actual, what);
  }

  @Test
  void recurrentKernelsAreOrthogonal() {
    MetaParams phi = MetaParams.init(LearnedOptimizerKind.OPTIM4RL, new int[] {16, 16}, new SplittableRandom(5));
    int checked = 0;
    for (ParamTensor t : phi.layout().tensors()) {
      if (MetaParamInit.isRecurrentKernel(t.name())) {
        double[] w = slice(phi.values(), t);
        for (int a = 0; a < 8; a++) {
          for (int b = 0; b < 8; b++) {
            double dot = 0;
            for (int i = 0; i < 8; i++) {
              dot += w[i * 8 + a] * w[i * 8 + b];
            }
            assertEquals(a == b ? 1.0 : 0.0, dot, ORTHO_TOL, t.name() + " (W^T W)[" + a + "][" + b + "]");
          }
        }
        checked++;
      }
    }
    assertEquals(6, checked);
  }

  @Test
  void kernelsAreTruncatedLecunNormalAndBiasesZero() {
    MetaParams phi = MetaParams.init(LearnedOptimizerKind.L2L_GD2, new int[] {16, 16}, new SplittableRandom(9));
    for (ParamTensor t : phi.layout().tensors()) {
      double[] v = slice(phi.values(), t);
      if (t.name().endsWith(".bias")) {
        assertArrayEquals(new double[v.length], v, 0.0, t.name());
      } else if (!MetaParamInit.isRecurrentKernel(t.name())) {
        double bound = 2 * Math.sqrt(1.0 / t.shape()[0]) / MetaParamInit.TRUNCATED_STD;
        for (double x : v) {
          assertTrue(Math.abs(x) <= bound && x != 0, t.name() + " value " + x + " outside (0, " + bound + "]");
        }
      }
    }
  }

  @Test
  void lecunNormalHasStandardDeviationSqrtOneOverFanIn() {
    SplittableRandom rng = new SplittableRandom(1);
    int n = 200_000;
    double s2 = 0;
    for (int i = 0; i < n; i++) {
      double z = MetaParamInit.truncatedStandardNormal(rng) / MetaParamInit.TRUNCATED_STD;
      s2 += z * z;
    }
    assertEquals(1.0, Math.sqrt(s2 / n), 0.01);
  }

  @Test
  void initIsReproducibleFromTheSeed() {
    int[] dims = {16, 16};
    assertEquals(MetaParams.init(LearnedOptimizerKind.OPTIM4RL, dims, new SplittableRandom(3)),
        MetaParams.init(LearnedOptimizerKind.OPTIM4RL, dims, new SplittableRandom(3)));
  }

  @Test
  void badValuesAreRejectedWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MetaParams.of(LearnedOptimizerKind.OPTIM4RL, new int[0], new double[10]));
    assertTrue(e.getMessage().contains("514"), e.getMessage());
    double[] v = new double[514];
    v[3] = Double.NaN;
    assertThrows(IllegalArgumentException.class, () -> MetaParams.of(LearnedOptimizerKind.OPTIM4RL, new int[0], v));
    assertThrows(IllegalArgumentException.class, () -> MetaParamLayouts.optim4rl(new int[] {0}));
  }

  static double[] slice(double[] flat, ParamTensor t) {
    double[] out = new double[Math.toIntExact(t.size())];
    System.arraycopy(flat, Math.toIntExact(t.offset()), out, 0, out.length);
    return out;
  }
}
