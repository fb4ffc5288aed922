package io.optim4rl.lopt.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.lopt.LearnedOptimizerKind;
import io.optim4rl.lopt.MetaParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MetaA2Cstar (REFERENCE 5.5) on Catch through {@link MetaTrainer}: finite meta-gradients, moving meta-parameters, NaN path. */
class StarMetaTrainerTest {

  private static MetaTrainSettings settings(double lr, int units, int iterations, int threads, int maxNan) {
    return new MetaTrainSettings(7, List.of(new MetaTrainSettings.TaskSpec("catch", 1.0, lr)), units, iterations, 20, 4,
        A2cLoss.Hyper.defaults(), -1, 4, LearnedOptimizerKind.STAR, new int[0], 1e-3, -1, 0.5, -1, maxNan, threads);
  }

  private static double[] train(MetaTrainSettings s, List<MetaStepReport> sink) {
    try (MetaTrainer t = new MetaTrainer(s, MetaTrainer.initialMetaParams(s), null)) {
      return t.run(1, (reports, mp, state) -> sink.addAll(reports)).values();
    }
  }

  @Test
  void starMetaTrainsOnCatchWithFiniteMetaGradients() {
    MetaTrainSettings s = settings(1e-3, 4, 3, 2, 0);
    List<MetaStepReport> reports = new ArrayList<>();
    double[] before = MetaTrainer.initialMetaParams(s).values();
    assertEquals(207, before.length);
    double[] after = train(s, reports);
    assertEquals(3, reports.size());
    for (MetaStepReport r : reports) {
      assertTrue(Double.isFinite(r.metaLoss()) && Double.isFinite(r.metaGradNorm()) && r.metaGradNorm() > 0,
          r.toString());
      assertEquals(0, r.nanEvents());
    }
    int moved = 0;
    for (int i = 0; i < before.length; i++) {
      moved += before[i] != after[i] ? 1 : 0;
    }
    assertTrue(moved > 150, "meta-parameters moved: " + moved + " of 207");
    assertArrayEquals(after, train(settings(1e-3, 4, 3, 1, 0), new ArrayList<>()), "independent of threads");
  }

  @Test
  void divergingStarReachesTheNanSkipAndStop() {
    // step_mult 1e30 makes the agents' parameters overflow within the first inner updates
    MetaTrainSettings s = settings(1e30, 2, 10, 1, 1);
    MetaParams init = MetaTrainer.initialMetaParams(s);
    List<MetaStepReport> reports = new ArrayList<>();
    try (MetaTrainer t = new MetaTrainer(s, init, null)) {
      MetaTrainingStoppedException e = assertThrows(MetaTrainingStoppedException.class,
          () -> t.run(1, (r, mp, st) -> reports.addAll(r)));
      assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
      assertArrayEquals(init.values(), t.metaParams().values(), "skipped steps leave the meta-parameters unchanged");
    }
    assertTrue(reports.stream().anyMatch(r -> r.nanEvents() > 0));
  }
}
