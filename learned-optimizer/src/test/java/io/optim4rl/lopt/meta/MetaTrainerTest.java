package io.optim4rl.lopt.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.lopt.LearnedOptimizerKind;
import io.optim4rl.lopt.MetaParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetaTrainerTest {

  private static MetaTrainSettings settings(List<MetaTrainSettings.TaskSpec> tasks, int units, int iterations,
      int resetInterval, int threads, double metaLr, int maxNan) {
    return new MetaTrainSettings(7, tasks, units, iterations, 20, 4, A2cLoss.Hyper.defaults(), -1, resetInterval,
        LearnedOptimizerKind.OPTIM4RL, new int[] {16, 16}, metaLr, -1, 0.5, -1, maxNan, threads);
  }

  private static List<MetaTrainSettings.TaskSpec> catchTask() {
    return List.of(new MetaTrainSettings.TaskSpec("catch", 1.0, 1e-3));
  }

  private static double[] train(MetaTrainSettings s, List<MetaStepReport> sink) {
    try (MetaTrainer t = new MetaTrainer(s, MetaTrainer.initialMetaParams(s), null)) {
      return t.run(1, (reports, mp, state) -> sink.addAll(reports)).values();
    }
  }

  @Test
  void sameSeedGivesIdenticalMetaParametersWhateverTheThreadCount() {
    List<MetaStepReport> a = new ArrayList<>();
    List<MetaStepReport> b = new ArrayList<>();
    double[] one = train(settings(catchTask(), 8, 3, 4, 1, 1e-3, 5), a);
    double[] two = train(settings(catchTask(), 8, 3, 4, 2, 1e-3, 5), b);
    assertArrayEquals(one, two);
    assertEquals(a, b.stream().map(r -> new MetaStepReport(r.iteration(), r.task(), r.envSteps(), r.metaLoss(),
        r.metaGradNorm(), r.meanReturn(), r.episodes(), r.resets(), r.nanEvents(), a.get(r.iteration() - 1).seconds()))
        .toList());
    MetaTrainSettings s = settings(catchTask(), 8, 3, 4, 1, 1e-3, 5);
    assertNotEquals(MetaTrainer.initialMetaParams(s).values()[0], one[0], "the meta-parameters moved");
  }

  @Test
  void reportsCountStepsResetsAndEpisodes() {
    List<MetaStepReport> reports = new ArrayList<>();
    train(settings(catchTask(), 8, 5, 4, 2, 1e-3, 5), reports);
    assertEquals(5, reports.size());
    assertEquals(8, reports.get(0).resets(), "all units start fresh at t = 1");
    assertEquals(8 * 100L, reports.get(0).envSteps());
    assertEquals(5 * 8 * 100L, reports.get(4).envSteps());
    // m = 4, n = 8: offsets 0,0,0,1,1,2,2,3 -> at t = 2 the two units with offset 1 reset
    assertEquals(2, reports.get(1).resets());
    for (MetaStepReport r : reports) {
      // catch episodes last 9 steps: each unit finishes 11 in 100 steps (10 or 11 after a reset)
      assertTrue(r.episodes() >= 8 * 10, "episodes " + r.episodes());
      assertTrue(r.meanReturn() >= -1 && r.meanReturn() <= 1);
      assertTrue(Double.isFinite(r.metaLoss()) && r.metaGradNorm() > 0);
    }
  }

  @Test
  void linearOptimAndL2lGd2MetaTrainOnTheReferenceEngine() {
    for (LearnedOptimizerKind kind : new LearnedOptimizerKind[] {LearnedOptimizerKind.LINEAR_OPTIM,
        LearnedOptimizerKind.L2L_GD2}) {
      MetaTrainSettings s = new MetaTrainSettings(7, List.of(new MetaTrainSettings.TaskSpec("small_dense_short", 1.0,
          3e-2)), 4, 3, 20, 4, A2cLoss.Hyper.defaults(), 1.0, 2, kind, new int[] {}, 1e-3, -1, 0.5, -1, 5, 2);
      List<MetaStepReport> reports = new ArrayList<>();
      double[] before = MetaTrainer.initialMetaParams(s).values();
      double[] after = train(s, reports);
      assertEquals(3, reports.size());
      assertNotEquals(before[0], after[0], kind + " meta-parameters moved");
      assertTrue(reports.stream().allMatch(r -> Double.isFinite(r.metaLoss()) && r.metaGradNorm() > 0), kind.name());
      assertArrayEquals(after, train(s, new ArrayList<>()), kind + " is deterministic");
    }
  }

  @Test
  void nonFiniteMetaGradientsAreSkippedThenStopTheRun() {
    // an absurd agent learning rate makes the agents' parameters overflow within a few inner updates
    List<MetaTrainSettings.TaskSpec> tasks = List.of(new MetaTrainSettings.TaskSpec("small_dense_short", 1e30, 1e30));
    MetaTrainSettings s = settings(tasks, 4, 20, -1, 1, 1e-3, 2);
    MetaParams init = MetaTrainer.initialMetaParams(s);
    List<MetaStepReport> reports = new ArrayList<>();
    try (MetaTrainer t = new MetaTrainer(s, init, null)) {
      MetaTrainingStoppedException e = assertThrows(MetaTrainingStoppedException.class,
          () -> t.run(1, (r, mp, st) -> reports.addAll(r)));
      assertTrue(e.getMessage().contains("non-finite") && e.getMessage().contains("maxNanEvents = 2"), e.getMessage());
      assertArrayEquals(init.values(), t.metaParams().values(), "skipped steps leave the meta-parameters unchanged");
    }
    assertTrue(reports.stream().anyMatch(r -> r.nanEvents() > 0));
  }
}
