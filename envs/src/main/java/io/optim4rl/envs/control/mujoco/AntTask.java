package io.optim4rl.envs.control.mujoco;

import java.util.SplittableRandom;

/**
 * Ant (Gymnasium Ant-v4 without contact forces): a torso sphere on a free joint with four two-segment legs,
 * 8 hinge motors (gear 150, ctrlrange [-1, 1]); model {@code ant.xml}, timestep 0.01 s, frame skip 5, so
 * dt = 0.05 s. nq = 15, nv = 14, nu = 8.
 *
 * <ul>
 *   <li>Observation (27): {@code qpos[2:15]} (torso z, torso quaternion w x y z, 8 joint angles), then
 *       {@code qvel[0:14]} (torso linear and angular velocity, 8 joint velocities).
 *   <li>Reward: {@code (x' - x) / dt + 1 - 0.5 * sum(ctrl^2)} with x the torso's {@code qpos[0]} before and
 *       after the step (healthy reward 1 on every step, terminal ones included).
 *   <li>Terminated unless every qpos/qvel entry is finite and {@code 0.2 <= qpos[2] <= 1.0}.
 *   <li>Reset: {@code qpos0 + U(-0.1, 0.1)} per coordinate (quaternion included, as Gymnasium does),
 *       {@code qvel = 0.1 * N(0, 1)}.
 * </ul>
 */
final class AntTask extends MujocoTask {

  static final String NAME = "ant";
  static final int OBSERVATION_SIZE = 27;

  @Override
  String name() {
    return NAME;
  }

  @Override
  int frameSkip() {
    return 5;
  }

  @Override
  MjModel loadModel() {
    return MjModel.loadResource("ant.xml");
  }

  @Override
  void bind(MjModel model) {
    requireSizes(model, 15, 14, 8);
  }

  @Override
  int observationSize() {
    return OBSERVATION_SIZE;
  }

  @Override
  void initialState(SplittableRandom rng, double[] qpos, double[] qvel) {
    addUniform(rng, qpos, 0.1);
    addNormal(rng, qvel, 0.1);
  }

  @Override
  double forwardPosition(Instance s) {
    return s.qpos[0];
  }

  @Override
  double reward(Instance s, double before, double dt, double[] ctrl) {
    return (s.qpos[0] - before) / dt + 1.0 - 0.5 * sumOfSquares(ctrl);
  }

  @Override
  boolean terminated(Instance s) {
    for (double q : s.qpos) {
      if (!Double.isFinite(q)) {
        return true;
      }
    }
    for (double v : s.qvel) {
      if (!Double.isFinite(v)) {
        return true;
      }
    }
    return !(s.qpos[2] >= 0.2 && s.qpos[2] <= 1.0);
  }

  @Override
  void observe(Instance s, float[] out, int offset) {
    int o = put(s.qpos, 2, 13, out, offset);
    put(s.qvel, 0, 14, out, o);
  }
}
