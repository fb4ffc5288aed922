package io.optim4rl.agents.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.agents.a2c.TrainingDivergedException;
import io.optim4rl.agents.optim.AdamOptimizer;
import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.envs.control.PendulumVecEnv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PpoTrainerTest {

  private static PpoConfig tiny() {
    return PpoConfig.builder().numEnvs(4).batchSize(4).numMinibatches(2).unrollLength(8).updateEpochs(2)
        .policyHidden(8, 8).valueHidden(8, 8).totalSteps(128).numEvals(3).evalEnvs(4).evalEpisodeLength(50)
        .build();
  }

  private static PpoTrainer.Result run(long seed, List<PpoEvaluation> log) {
    PpoConfig c = tiny();
    return new PpoTrainer(c).train(new PendulumVecEnv(c.numEnvs(), 0, seed), new PendulumVecEnv(c.evalEnvs(), 0,
        seed + 1), AdamOptimizer.of(1e-3), seed, log::add);
  }

  @Test
  void sameSeedGivesIdenticalEvaluationsAndParameters() {
    List<PpoEvaluation> a = new ArrayList<>();
    List<PpoEvaluation> b = new ArrayList<>();
    PpoTrainer.Result ra = run(7, a);
    PpoTrainer.Result rb = run(7, b);
    assertArrayEquals(ra.evalReturns(), rb.evalReturns());
    assertArrayEquals(ra.agentParams(), rb.agentParams());
    assertFalse(Arrays.equals(ra.evalReturns(), run(8, new ArrayList<>()).evalReturns()));
  }

  @Test
  void loopFollowsBraxCountsAndReportsEveryEvaluation() {
    List<PpoEvaluation> log = new ArrayList<>();
    PpoTrainer.Result r = run(3, log);
    PpoConfig c = tiny();
    // 2 epochs (numEvals - 1) of ceil(128 / (2 * 64)) = 1 training step of 4 * 2 * 8 = 64 env steps
    assertEquals(64, c.stepsPerTrainingStep());
    assertEquals(2, c.unrollsPerTrainingStep());
    assertEquals(3, log.size());
    assertEquals(log, r.evaluations());
    assertEquals(0, log.get(0).envSteps());
    assertTrue(Double.isNaN(log.get(0).meanLoss()));
    assertEquals(64, log.get(1).envSteps());
    assertEquals(128, r.envSteps());
    assertEquals(4, log.get(2).optimizerSteps()); // updateEpochs * numMinibatches per training step
    assertTrue(Double.isFinite(log.get(2).meanLoss()));
    for (PpoEvaluation e : log) {
      assertTrue(e.evalReturn() < 0 && e.evalReturn() > -16.3 * 50 - 1e-3, "50-step pendulum return " + e);
    }
  }

  @Test
  void nonFiniteParametersStopTheRunNamingTheStep() {
    Optimizer<Void> broken = new Optimizer<>() {
      @Override
      public String name() {
        return "nan";
      }

      @Override
      public Void init(INDArray agentParams) {
        return null;
      }

      @Override
      public Step<Void> update(INDArray agentGradient, Void state, INDArray agentParams) {
        return new Step<>(agentGradient.dup().assign(Double.NaN), null);
      }
    };
    PpoConfig c = tiny();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new PpoTrainer(c).train(
        new PendulumVecEnv(4, 0, 1), new PendulumVecEnv(4, 0, 2), broken, 1, PpoTrainer.Listener.NONE));
    assertTrue(e.getMessage().contains("parameter norm at training step 0, pass 0, minibatch 0"), e.getMessage());
  }

  @Test
  void configRejectsBatchesThatAreNotWholeUnrollsOfAllEnvs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PpoConfig.builder().numEnvs(3).batchSize(4).numMinibatches(2).build());
    assertTrue(e.getMessage().contains("numEnvs"), e.getMessage());
  }
}
