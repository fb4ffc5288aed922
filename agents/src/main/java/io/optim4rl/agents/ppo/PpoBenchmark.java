package io.optim4rl.agents.ppo;

import io.optim4rl.agents.optim.AdamOptimizer;
import io.optim4rl.envs.control.PendulumVecEnv;
import java.util.Locale;

/**
 * Prints the throughput of PPO training on {@link PendulumVecEnv} (env steps per second, evaluation time
 * included) and the evaluation returns, for the brax value net (5x256) and the meta-training one (5x64).
 * A benchmark, not a test: {@code java -cp <agents classpath> io.optim4rl.agents.ppo.PpoBenchmark [totalSteps]}.
 */
public final class PpoBenchmark {

  private PpoBenchmark() {}

  public static void main(String[] args) {
    long totalSteps = args.length > 0 ? Long.parseLong(args[0]) : 204_800;
    System.out.println("value net   env steps   seconds   env steps/s   first return   last return");
    for (int[] value : new int[][] {PpoConfig.VALUE_HIDDEN_META, PpoConfig.VALUE_HIDDEN}) {
      PpoConfig config = pendulumConfig(totalSteps, value);
      long t0 = System.nanoTime();
      PpoTrainer.Result r = new PpoTrainer(config).train(new PendulumVecEnv(config.numEnvs(), 0, 1L),
          new PendulumVecEnv(config.evalEnvs(), 0, 2L), AdamOptimizer.of(1e-3), 1L, PpoTrainer.Listener.NONE);
      double s = (System.nanoTime() - t0) / 1e9;
      double[] returns = r.evalReturns();
      System.out.println(String.format(Locale.ROOT, "%-10s %11d %9.1f %13.0f %14.1f %13.1f",
          value.length + "x" + value[0], r.envSteps(), s, r.envSteps() / s, returns[0], returns[returns.length - 1]));
    }
  }

  /** Pendulum settings: 16 envs, 32 trajectories x 8 minibatches of 16 steps, gamma 0.95, reward scaling 0.1. */
  static PpoConfig pendulumConfig(long totalSteps, int[] valueHidden) {
    return PpoConfig.builder().numEnvs(16).batchSize(32).numMinibatches(8).unrollLength(16).updateEpochs(4)
        .gamma(0.95).rewardScaling(0.1).entropyCost(1e-2).valueHidden(valueHidden).totalSteps(totalSteps)
        .numEvals(5).evalEnvs(32).evalEpisodeLength(PendulumVecEnv.EPISODE_LENGTH).build();
  }
}
