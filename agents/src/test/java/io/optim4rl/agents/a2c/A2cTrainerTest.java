package io.optim4rl.agents.a2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.nets.Nets;
import io.optim4rl.agents.optim.AdamOptimizer;
import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.agents.optim.SgdOptimizer;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The plain A2C loop (REFERENCE 3.2 to 3.5): return logging, determinism, stopping, divergence. */
class A2cTrainerTest {

  private static final int[] CATCH_SHAPE = {10, 5, 1};

  /**
   * With a uniform policy every action is predictable from the per-env action streams, so a twin env
   * replayed in a plain scalar loop gives the expected return log of REFERENCE 3.4. T = 4 and Catch's
   * 9-step episodes make iterations without a finished episode, which must be skipped.
   */
  @Test
  void returnLogMatchesScalarReplayAndSkipsIterationsWithoutEpisodes() {
    int numEnvs = 2;
    int steps = 4;
    int iterations = 12;
    long seed = 17;
    A2cConfig config = new A2cConfig(seed, (long) numEnvs * steps * iterations, steps, A2cLoss.Hyper.defaults(),
        DataType.FLOAT);
    List<IterationStats> seen = new ArrayList<>();
    A2cTrainer.Result result = new A2cTrainer(new ConstantLogitsNet(CATCH_SHAPE, 3, 0), SgdOptimizer.of(0.1), config)
        .train(Tasks.create("catch", numEnvs, seed, 1.0), seen::add);

    List<double[]> expected = replayReturns(numEnvs, steps, iterations, seed); // {iteration, count, mean}
    assertEquals(iterations, seen.size(), "the listener sees every iteration");
    assertEquals(expected.size(), result.returnLog().size());
    assertTrue(expected.size() < iterations, "some iterations have no finished episode");
    for (int k = 0; k < expected.size(); k++) {
      IterationStats s = result.returnLog().get(k);
      int i = (int) expected.get(k)[0];
      assertEquals(i, s.iteration());
      assertEquals((long) i * numEnvs * steps, s.envSteps(), "Step = i * B * T");
      assertEquals((int) expected.get(k)[1], s.episodes());
      assertEquals(expected.get(k)[2], s.meanReturn(), 1e-12);
    }
    assertEquals(2, result.returnLog().get(0).iteration(), "first episodes end at step 9, in iteration 2");
  }

  private static List<double[]> replayReturns(int numEnvs, int steps, int iterations, long seed) {
    VecEnv env = Tasks.create("catch", numEnvs, seed, 1.0);
    SplittableRandom[] streams = new SplittableRandom[numEnvs];
    for (int b = 0; b < numEnvs; b++) {
      streams[b] = Seeds.stream(seed, "action", b);
    }
    double[] running = new double[numEnvs];
    int[] actions = new int[numEnvs];
    float[] rewards = new float[numEnvs];
    boolean[] dones = new boolean[numEnvs];
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < iterations; i++) {
      double sum = 0;
      int count = 0;
      for (int t = 0; t < steps; t++) {
        for (int b = 0; b < numEnvs; b++) {
          actions[b] = CategoricalSampler.sample(new double[3], 0, 3, streams[b].nextDouble());
        }
        env.step(actions, rewards, dones);
        for (int b = 0; b < numEnvs; b++) {
          running[b] += rewards[b];
          if (dones[b]) {
            sum += running[b];
            count++;
            running[b] = 0;
          }
        }
      }
      if (count > 0) {
        out.add(new double[] {i, count, sum / count});
      }
    }
    return out;
  }

  @Test
  void sameSeedGivesBitIdenticalRunsOnCatch() {
    A2cTrainer.Result first = trainCatch(5, 30);
    A2cTrainer.Result second = trainCatch(5, 30);
    assertArrayEquals(first.returns(), second.returns());
    assertArrayEquals(first.agentParams().toFloatVector(), second.agentParams().toFloatVector());
    for (int k = 0; k < first.returnLog().size(); k++) {
      assertEquals(first.returnLog().get(k), second.returnLog().get(k), "iteration stats " + k);
    }
    A2cTrainer.Result other = trainCatch(6, 30);
    assertFalse(java.util.Arrays.equals(first.agentParams().toFloatVector(), other.agentParams().toFloatVector()));
  }

  private static A2cTrainer.Result trainCatch(long seed, int iterations) {
    int numEnvs = 16;
    A2cConfig config = A2cConfig.defaults(seed, (long) numEnvs * A2cConfig.DEFAULT_ROLLOUT_STEPS * iterations);
    return new A2cTrainer(Nets.forTask("catch"), AdamOptimizer.of(1e-3), config)
        .train(Tasks.create("catch", numEnvs, seed, 1.0));
  }

  @Test
  void listenerCanStopTheRun() {
    A2cConfig config = A2cConfig.defaults(1, 8 * 20 * 50);
    int[] calls = {0};
    A2cTrainer.Result result = new A2cTrainer(new ConstantLogitsNet(CATCH_SHAPE, 3, 0), SgdOptimizer.of(0.1), config)
        .train(Tasks.create("catch", 8, 1, 1.0), new A2cTrainer.Listener() {
          @Override
          public void onIteration(IterationStats stats) {
            calls[0]++;
            assertEquals(50, stats.iterations());
          }

          @Override
          public boolean stopRequested() {
            return calls[0] >= 5;
          }
        });
    assertEquals(5, calls[0]);
    assertEquals(5, result.iterationsCompleted());
    assertEquals(50, result.iterationsPlanned());
    assertTrue(result.stoppedEarly());
  }

  @Test
  void nonFiniteLossNamesIterationQuantityAndRemedy() {
    A2cConfig config = A2cConfig.defaults(1, 8 * 20 * 5);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new A2cTrainer(new ConstantLogitsNet(CATCH_SHAPE, 3, Double.NaN), SgdOptimizer.of(0.1), config)
            .train(Tasks.create("catch", 8, 1, 1.0)));
    assertEquals(0, e.iteration());
    assertTrue(e.quantity().contains("loss"), e.quantity());
    assertTrue(e.getMessage().contains("iteration 0") && e.getMessage().contains("learning rate")
        && e.getMessage().contains("gradClip"), e.getMessage());
  }

  @Test
  void nonFiniteUpdateIsReportedAtItsIteration() {
    Optimizer<Integer> nanAtStep2 = new Optimizer<>() {
      @Override
      public String name() {
        return "nan-at-2";
      }

      @Override
      public Integer init(INDArray agentParams) {
        return 0;
      }

      @Override
      public Step<Integer> update(INDArray g, Integer count, INDArray agentParams) {
        INDArray update = ConstantLogitsNet.filled(g.length(), count == 2 ? Double.NaN : 0.0, g.dataType());
        return new Step<>(update, count + 1);
      }
    };
    A2cConfig config = A2cConfig.defaults(1, 8 * 20 * 5);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new A2cTrainer(new ConstantLogitsNet(CATCH_SHAPE, 3, 0), nanAtStep2, config)
            .train(Tasks.create("catch", 8, 1, 1.0)));
    assertEquals(2, e.iteration());
    assertEquals("parameter update norm", e.quantity());
  }

  @Test
  void rejectsMismatchedEnvAndNetAndTooSmallBudgets() {
    A2cTrainer trainer = new A2cTrainer(Nets.forTask("small_dense_long"), AdamOptimizer.of(1e-3),
        A2cConfig.defaults(1, 100_000));
    assertThrows(IllegalArgumentException.class, () -> trainer.train(Tasks.create("catch", 4, 1, 1.0)));
    A2cTrainer tiny = new A2cTrainer(Nets.forTask("catch"), AdamOptimizer.of(1e-3), A2cConfig.defaults(1, 100));
    assertThrows(IllegalArgumentException.class, () -> tiny.train(Tasks.create("catch", 64, 1, 1.0)));
    assertEquals(390, A2cConfig.defaults(1, 500_000).iterations(64), "REFERENCE 3.3");
    assertEquals(2929, A2cConfig.defaults(1, 30_000_000).iterations(512), "REFERENCE 3.3");
  }
}
