package io.optim4rl.envs.control.mujoco;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Humanoid on the model shipped with MuJoCo 2.2.2 ({@code humanoid.xml} of the Debian package
 * libmujoco-samples, the DeepMind Control Suite humanoid: 16 bodies, a free joint and 21 hinges, 21 motors
 * with ctrlrange [-1, 1] and gears 20 to 120). nq = 28, nv = 27, nu = 21, nbody = 17 (world included).
 * The model's timestep is 0.005 s; with frame skip 3 a control step lasts dt = 0.015 s, the control
 * period of Gymnasium's Humanoid-v4 and of Brax's humanoid.
 *
 * <p>The file is {@value #DEFAULT_PATH}, or the path in the system property {@value #PATH_PROPERTY} or
 * the environment variable {@value #PATH_ENV}.
 *
 * <ul>
 *   <li>Observation (426), following Gymnasium Humanoid-v5 (world body and free-joint actuator forces
 *       left out, since they are constant): {@code qpos[2:28]} (26: torso z, quaternion, 21 joint angles),
 *       {@code qvel} (27), {@code cinert} of bodies 1..16 (160), {@code cvel} of bodies 1..16 (96),
 *       {@code qfrc_actuator[6:27]} (21), {@code cfrc_ext} of bodies 1..16 (96, filled by
 *       {@code mj_rnePostConstraint} after every step and reset).
 *   <li>Reward: {@code 1.25 * (c' - c) / dt + 5 - 0.1 * sum(ctrl^2)} with c the x coordinate of the
 *       whole-body centre of mass ({@code sum_b mass_b * xipos_b / sum_b mass_b}) before and after the
 *       step (healthy reward 5 on every step, terminal ones included).
 *   <li>Terminated unless {@code 1.0 < qpos[2] < 2.0} (torso height; standing it is about 1.3 m).
 *   <li>Reset: {@code qpos0 + U(-0.01, 0.01)} and {@code qvel = U(-0.01, 0.01)} per coordinate.
 * </ul>
 */
final class HumanoidTask extends MujocoTask {

  static final String NAME = "humanoid";
  /** Where Debian's libmujoco-samples installs the humanoid. */
  static final String DEFAULT_PATH = "/usr/share/mujoco/model/humanoid/humanoid.xml";
  /** System property overriding {@link #DEFAULT_PATH}. */
  static final String PATH_PROPERTY = "optim4rl.mujoco.humanoid";
  /** Environment variable overriding {@link #DEFAULT_PATH} (the system property wins). */
  static final String PATH_ENV = "OPTIM4RL_MUJOCO_HUMANOID";
  static final int NBODY = 17;
  static final int OBSERVATION_SIZE = 26 + 27 + 10 * (NBODY - 1) + 6 * (NBODY - 1) + 21 + 6 * (NBODY - 1);

  private double[] bodyMass;
  private double totalMass;

  @Override
  String name() {
    return NAME;
  }

  @Override
  int frameSkip() {
    return 3;
  }

  /** The humanoid file in force: the system property, else the environment variable, else the default. */
  static Path modelPath() {
    String path = System.getProperty(PATH_PROPERTY);
    if (path == null || path.isBlank()) {
      path = System.getenv(PATH_ENV);
    }
    return Path.of(path == null || path.isBlank() ? DEFAULT_PATH : path);
  }

  @Override
  MjModel loadModel() {
    Mujoco.require();
    Path path = modelPath();
    if (!path.toFile().isFile()) {
      throw new MujocoUnavailableException("the humanoid model " + path + " does not exist; install it with: "
          + Mujoco.INSTALL_COMMAND + " (or point -D" + PATH_PROPERTY + " or " + PATH_ENV
          + " at MuJoCo 2.2.2's model/humanoid/humanoid.xml)");
    }
    return MjModel.load(path);
  }

  @Override
  void bind(MjModel model) {
    requireSizes(model, 28, 27, 21);
    if (model.nbody() != NBODY) {
      throw new IllegalArgumentException("humanoid model " + model.source() + " has " + model.nbody()
          + " bodies, expected " + NBODY);
    }
    bodyMass = model.bodyMass();
    totalMass = 0;
    for (double m : bodyMass) {
      totalMass += m;
    }
  }

  @Override
  int observationSize() {
    return OBSERVATION_SIZE;
  }

  @Override
  boolean needsContactForces() {
    return true;
  }

  @Override
  void initialState(SplittableRandom rng, double[] qpos, double[] qvel) {
    addUniform(rng, qpos, 0.01);
    addUniform(rng, qvel, 0.01);
  }

  @Override
  double forwardPosition(Instance s) {
    s.data.readXipos(s.scratch);
    double sum = 0;
    for (int b = 0; b < NBODY; b++) {
      sum += bodyMass[b] * s.scratch[3 * b];
    }
    return sum / totalMass;
  }

  @Override
  double reward(Instance s, double before, double dt, double[] ctrl) {
    return 1.25 * (forwardPosition(s) - before) / dt + 5.0 - 0.1 * sumOfSquares(ctrl);
  }

  @Override
  boolean terminated(Instance s) {
    return !(s.qpos[2] > 1.0 && s.qpos[2] < 2.0);
  }

  @Override
  void observe(Instance s, float[] out, int offset) {
    int o = put(s.qpos, 2, 26, out, offset);
    o = put(s.qvel, 0, 27, out, o);
    s.data.readCinert(s.scratch);
    o = put(s.scratch, 10, 10 * (NBODY - 1), out, o);
    s.data.readCvel(s.scratch);
    o = put(s.scratch, 6, 6 * (NBODY - 1), out, o);
    s.data.readQfrcActuator(s.scratch);
    o = put(s.scratch, 6, 21, out, o);
    s.data.readCfrcExt(s.scratch);
    put(s.scratch, 6, 6 * (NBODY - 1), out, o);
  }
}
