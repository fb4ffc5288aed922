package io.optim4rl.lopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.optim.ClippedOptimizer;
import io.optim4rl.agents.optim.OptimizerSpec;
import io.optim4rl.agents.optim.Optimizers;
import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** STAR's meta-parameter layout (207, REFERENCE 4.5 and Appendix C), its initialisation, and registry wiring. */
class StarLayoutTest {

  @Test
  void layoutHas207ParametersWithHaikuLikeNamesInCanonicalOrder() {
    ParamLayout l = MetaParamLayouts.of(LearnedOptimizerKind.STAR, new int[] {16, 16});
    assertEquals(207, l.numParams());
    assertEquals(207, MetaParamLayouts.star().numParams());
    List<String> names = new ArrayList<>();
    for (ParamTensor t : l.tensors()) {
      names.add(t.name() + java.util.Arrays.toString(t.shape()));
    }
    assertEquals(List.of("adafactor_decays[3]", "momentum_decays[3]", "nn.b0[4]", "nn.b1[4]", "nn.b2[4]",
        "nn.w0[39, 4]", "nn.w1[4, 4]", "nn.w2[4, 4]", "rms_decays[1]"), names);
    assertEquals(LearnedOptimizerKind.STAR, LearnedOptimizerKind.parse("star"));
    assertEquals(LearnedOptimizerKind.STAR, LearnedOptimizerKind.parse("STAR"));
    assertFalse(LearnedOptimizerKind.STAR.coordinateWise());
    assertTrue(LearnedOptimizerKind.OPTIM4RL.coordinateWise());
  }

  @Test
  void initIsTruncatedNormalOverSqrtFanInWithZeroBiasesAndDecays() {
    MetaParams mp = MetaParams.init(LearnedOptimizerKind.STAR, new int[0], new SplittableRandom(3));
    for (ParamTensor t : mp.layout().tensors()) {
      int off = (int) t.offset();
      if (t.name().startsWith("nn.w")) {
        double sigma = 1 / Math.sqrt(t.shape()[0]);
        double sq = 0;
        for (int i = 0; i < t.size(); i++) {
          double w = mp.value(off + i);
          assertTrue(Math.abs(w) <= 2 * sigma, t.name() + " within +-2 sigma");
          sq += w * w;
        }
        if (t.name().equals("nn.w0")) { // 156 draws: std near sigma * 0.88 (no variance correction)
          double std = Math.sqrt(sq / t.size()) / sigma;
          assertTrue(std > 0.75 && std < 1.0, "std/sigma " + std);
        }
      } else {
        for (int i = 0; i < t.size(); i++) {
          assertEquals(0.0, mp.value(off + i), 0.0, t.name());
        }
      }
    }
    assertEquals(mp, MetaParams.init(LearnedOptimizerKind.STAR, new int[0], new SplittableRandom(3)));
  }

  @Test
  void registryBuildsStarWithTheAgentLayoutAndClipping() {
    ParamLayout agent = StarTestSupport.layout("k", new long[] {3, 4}, "b", new long[] {4});
    MetaParams mp = MetaParams.init(LearnedOptimizerKind.STAR, new int[0], new SplittableRandom(1));
    Optimizers registry = LearnedOptimizers.register(Optimizers.classical(), agent, mp);
    assertTrue(registry.names().contains("star"));
    Object built = registry.build(new OptimizerSpec("star", 3e-3, 1.0, -1));
    assertTrue(built instanceof ClippedOptimizer<?> c && c.inner() instanceof StarOptimizer so
        && so.learningRate() == 3e-3 && so.agentLayout() == agent, String.valueOf(built));
    assertThrows(NullPointerException.class, () -> LearnedOptimizers.register(Optimizers.classical(), mp));
    assertThrows(IllegalArgumentException.class, () -> LearnedOptimizers.create(mp, 1e-3));
    assertThrows(IllegalArgumentException.class, () -> Engines.create(LearnedOptimizerKind.STAR, null, mp, 16, 4,
        1e-3, -1));
  }
}
