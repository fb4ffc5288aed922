package io.optim4rl.envs.control.mujoco;

import java.util.SplittableRandom;

/**
 * Inverted double pendulum (Gymnasium InvertedDoublePendulum-v4): a cart on a slide rail (range [-1, 1] m)
 * carrying two 0.6 m poles on free hinges, one motor on the slide (gear 500, ctrlrange [-1, 1]); model
 * {@code inverted_double_pendulum.xml}, timestep 0.01 s, frame skip 5, so dt = 0.05 s. nq = nv = 3, nu = 1.
 *
 * <ul>
 *   <li>Observation (11): cart position {@code qpos[0]}; {@code sin(qpos[1])}, {@code sin(qpos[2])};
 *       {@code cos(qpos[1])}, {@code cos(qpos[2])}; {@code clip(qvel[0:3], -10, 10)};
 *       {@code clip(qfrc_constraint[0:3], -10, 10)}.
 *   <li>Reward: {@code 10 - (0.01 x^2 + (y - 2)^2) - (1e-3 w1^2 + 5e-3 w2^2)} with (x, y) the x and z
 *       coordinates of the tip site after the step and w1, w2 the hinge velocities {@code qvel[1:3]};
 *       no control cost. Upright, the tip is at y = 1.2.
 *   <li>Terminated when {@code y <= 1}.
 *   <li>Reset: {@code qpos0 + U(-0.1, 0.1)}, {@code qvel = 0.1 * N(0, 1)}.
 * </ul>
 */
final class InvertedDoublePendulumTask extends MujocoTask {

  static final String NAME = "inverted_double_pendulum";
  static final int OBSERVATION_SIZE = 11;

  private int tipSite;

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
    return MjModel.loadResource("inverted_double_pendulum.xml");
  }

  @Override
  void bind(MjModel model) {
    requireSizes(model, 3, 3, 1);
    tipSite = model.siteId("tip");
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
    return 0.0;
  }

  @Override
  double reward(Instance s, double before, double dt, double[] ctrl) {
    s.data.readSiteXpos(s.scratch);
    double x = s.scratch[3 * tipSite];
    double y = s.scratch[3 * tipSite + 2];
    double w1 = s.qvel[1];
    double w2 = s.qvel[2];
    return 10.0 - (0.01 * x * x + (y - 2) * (y - 2)) - (1e-3 * w1 * w1 + 5e-3 * w2 * w2);
  }

  @Override
  boolean terminated(Instance s) {
    s.data.readSiteXpos(s.scratch);
    return s.scratch[3 * tipSite + 2] <= 1.0;
  }

  @Override
  void observe(Instance s, float[] out, int offset) {
    out[offset] = (float) s.qpos[0];
    out[offset + 1] = (float) Math.sin(s.qpos[1]);
    out[offset + 2] = (float) Math.sin(s.qpos[2]);
    out[offset + 3] = (float) Math.cos(s.qpos[1]);
    out[offset + 4] = (float) Math.cos(s.qpos[2]);
    int o = putClipped(s.qvel, 0, 3, 10.0, out, offset + 5);
    s.data.readQfrcConstraint(s.scratch);
    putClipped(s.scratch, 0, 3, 10.0, out, o);
  }
}
