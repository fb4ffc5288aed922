package io.optim4rl.lopt.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.agents.ppo.PpoConfig;
import io.optim4rl.lopt.LearnedOptimizerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MetaPPO (REFERENCE 5.8) through the same {@link MetaTrainer}: PPO units on the pure-Java pendulum, every
 * inner update a PPO training step of epochs x minibatches learned-optimizer steps on the engine's tape.
 */
class MetaPpoTrainerTest {

  private static final PpoConfig PPO = new PpoConfig(4, 4, 2, 8, 2, 0.97, 0.95, 0.3, 1e-2, 0.5, 1.0,
      new int[] {8, 8}, new int[] {16, 16}, 1, 1, 1, 1);

  private static MetaTrainSettings settings(int units, int threads) {
    return new MetaTrainSettings(5, List.of(new MetaTrainSettings.TaskSpec("pendulum", 0.1, 3e-3)), units, 3,
        PPO.unrollLength(), 2, A2cLoss.Hyper.defaults(), 1.0, 2, LearnedOptimizerKind.OPTIM4RL, new int[] {16, 16},
        1e-3, -1, 0.5, -1, 5, threads);
  }

  private static List<MetaStepReport> run(MetaTrainSettings s, double[][] finalParams) {
    List<MetaStepReport> reports = new ArrayList<>();
    try (MetaTrainer t = new MetaTrainer(s, MetaTrainer.initialMetaParams(s), null, ShardExchange.single(),
        MetaTrainer.ppoUnits(PPO))) {
      finalParams[0] = t.run(1, (rs, p, st) -> reports.addAll(rs)).values();
    }
    return reports;
  }

  @Test
  void metaTrainsWithPpoUnitsDeterministicallyWhateverTheThreads() {
    double[][] one = new double[1][];
    double[][] two = new double[1][];
    MetaTrainSettings s1 = settings(3, 1);
    List<MetaStepReport> a = run(s1, one);
    List<MetaStepReport> b = run(settings(3, 2), two);
    assertArrayEquals(one[0], two[0], "bit-identical meta-parameters for 1 and 2 threads");
    double[] initial = MetaTrainer.initialMetaParams(s1).values();
    assertFalse(Arrays.equals(initial, one[0]), "the meta-parameters moved");
    assertEquals(3, a.size());
    for (int i = 0; i < a.size(); i++) {
      MetaStepReport r = a.get(i);
      assertEquals(r.metaLoss(), b.get(i).metaLoss());
      assertTrue(Double.isFinite(r.metaLoss()) && r.metaGradNorm() > 0, "finite loss, non-zero meta-gradient");
      // units x (M PPO training steps + one validation rollout of max(batch / envs, 1) unrolls)
      long perIteration = 3L * (2 * PPO.stepsPerTrainingStep() + 4L * PPO.unrollLength());
      assertEquals((i + 1) * perIteration, r.envSteps());
    }
    // 40 steps per env and iteration, 200-step pendulum episodes, resets every 2 iterations: none ends
    assertTrue(a.stream().allMatch(r -> r.episodes() == 0 && Double.isNaN(r.meanReturn())));
  }
}
