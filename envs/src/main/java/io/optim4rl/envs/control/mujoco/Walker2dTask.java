package io.optim4rl.envs.control.mujoco;

import java.util.SplittableRandom;

/**
 * Walker2d (Gymnasium Walker2d-v4): a planar biped, root x/z slides and pitch hinge, then thigh, leg and
 * foot hinges on each side, 6 motors (gear 100, ctrlrange [-1, 1]); model {@code walker2d.xml}, timestep
 * 0.002 s, frame skip 4, so dt = 0.008 s. nq = nv = 9, nu = 6.
 *
 * <ul>
 *   <li>Observation (17): {@code qpos[1:9]} (torso height z, torso pitch, 6 joint angles), then
 *       {@code clip(qvel[0:9], -10, 10)}.
 *   <li>Reward: {@code (x' - x) / dt + 1 - 1e-3 * sum(ctrl^2)} with x = {@code qpos[0]} before and after.
 *   <li>Terminated unless {@code 0.8 < z < 2.0} and {@code -1 < pitch < 1} (z = qpos[1], pitch = qpos[2]).
 *   <li>Reset: {@code qpos0 + U(-5e-3, 5e-3)}, {@code qvel = U(-5e-3, 5e-3)} per coordinate.
 * </ul>
 */
final class Walker2dTask extends MujocoTask {

  static final String NAME = "walker2d";
  static final int OBSERVATION_SIZE = 17;

  @Override
  String name() {
    return NAME;
  }

  @Override
  int frameSkip() {
    return 4;
  }

  @Override
  MjModel loadModel() {
    return MjModel.loadResource("walker2d.xml");
  }

  @Override
  void bind(MjModel model) {
    requireSizes(model, 9, 9, 6);
  }

  @Override
  int observationSize() {
    return OBSERVATION_SIZE;
  }

  @Override
  void initialState(SplittableRandom rng, double[] qpos, double[] qvel) {
    addUniform(rng, qpos, 5e-3);
    addUniform(rng, qvel, 5e-3);
  }

  @Override
  double forwardPosition(Instance s) {
    return s.qpos[0];
  }

  @Override
  double reward(Instance s, double before, double dt, double[] ctrl) {
    return (s.qpos[0] - before) / dt + 1.0 - 1e-3 * sumOfSquares(ctrl);
  }

  @Override
  boolean terminated(Instance s) {
    double z = s.qpos[1];
    double pitch = s.qpos[2];
    return !(z > 0.8 && z < 2.0 && pitch > -1.0 && pitch < 1.0);
  }

  @Override
  void observe(Instance s, float[] out, int offset) {
    int o = put(s.qpos, 1, 8, out, offset);
    putClipped(s.qvel, 0, 9, 10.0, out, o);
  }
}
