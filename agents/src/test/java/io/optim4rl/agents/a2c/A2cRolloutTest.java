package io.optim4rl.agents.a2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The rollout of REFERENCE 3.2 steps 1 and 2 against a twin env stepped by hand: time-major
 * observations (T + 1 blocks of B rows, the last one o_T), actions from each env's own stream, rewards
 * and dones, and state carried across two rollouts.
 */
class A2cRolloutTest {

  @Test
  void matchesTwinEnvSteppedByHandAcrossTwoRollouts() {
    int numEnvs = 3;
    int steps = 5;
    long seed = 9;
    VecEnv env = Tasks.create("small_dense_long", numEnvs, seed, 1.0);
    A2cRollout rollout = new A2cRollout(env, steps, seed, DataType.FLOAT);
    ConstantLogitsNet net = new ConstantLogitsNet(env.observationShape(), env.numActions(), 0);
    INDArray params = net.init(null, DataType.FLOAT);

    VecEnv twin = Tasks.create("small_dense_long", numEnvs, seed, 1.0);
    SplittableRandom[] streams = new SplittableRandom[numEnvs];
    for (int b = 0; b < numEnvs; b++) {
      streams[b] = Seeds.stream(seed, "action", b);
    }
    int size = env.observationSize();
    for (int round = 0; round < 2; round++) {
      rollout.collect(net, params);
      float[] obs = new float[(steps + 1) * numEnvs * size];
      int[] actions = new int[steps * numEnvs];
      float[] rewards = new float[steps * numEnvs];
      boolean[] dones = new boolean[steps * numEnvs];
      int[] a = new int[numEnvs];
      float[] r = new float[numEnvs];
      boolean[] d = new boolean[numEnvs];
      for (int t = 0; t < steps; t++) {
        twin.observe(obs, t * numEnvs * size);
        for (int b = 0; b < numEnvs; b++) {
          a[b] = CategoricalSampler.sample(new double[env.numActions()], 0, env.numActions(), streams[b].nextDouble());
        }
        twin.step(a, r, d);
        System.arraycopy(a, 0, actions, t * numEnvs, numEnvs);
        System.arraycopy(r, 0, rewards, t * numEnvs, numEnvs);
        System.arraycopy(d, 0, dones, t * numEnvs, numEnvs);
      }
      twin.observe(obs, steps * numEnvs * size);
      assertArrayEquals(obs, rollout.observations(), "observations, round " + round);
      assertArrayEquals(obs, rollout.observationRows().reshape((long) obs.length).toFloatVector(), "rows, round " + round);
      assertEquals((steps + 1) * numEnvs, rollout.observationRows().size(0));
      assertArrayEquals(actions, rollout.actions(), "actions, round " + round);
      assertArrayEquals(rewards, rollout.rewards(), "rewards, round " + round);
      assertEquals(Arrays.toString(dones), Arrays.toString(rollout.dones()), "dones, round " + round);
    }
  }
}
