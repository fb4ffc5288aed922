package io.optim4rl.envs.control.mujoco;

import com.sun.jna.Pointer;

/**
 * The simulation state of one instance ({@code mjData*}) with bulk copies of its arrays. The array
 * pointers are read once: MuJoCo allocates them in the data's arena at {@code mj_makeData} and never
 * moves them. Each read or write is one bulk copy through JNA, never one call per element.
 */
public final class MjData implements AutoCloseable {

  private final MjModel model;
  private Pointer ptr;
  private final Pointer qpos;
  private final Pointer qvel;
  private final Pointer ctrl;
  private final Pointer xipos;
  private final Pointer siteXpos;
  private final Pointer cinert;
  private final Pointer cvel;
  private final Pointer qfrcActuator;
  private final Pointer qfrcConstraint;
  private final Pointer cfrcExt;

  /** Allocates fresh data for {@code model} (all state at the model's defaults). */
  public MjData(MjModel model) {
    this.model = model;
    Pointer p = MjNative.mj_makeData(model.pointer());
    if (p == null) {
      throw new IllegalStateException("mj_makeData failed for " + model.source() + " (out of memory?)");
    }
    ptr = p;
    qpos = p.getPointer(MjLayout.mjData_qpos);
    qvel = p.getPointer(MjLayout.mjData_qvel);
    ctrl = p.getPointer(MjLayout.mjData_ctrl);
    xipos = p.getPointer(MjLayout.mjData_xipos);
    siteXpos = p.getPointer(MjLayout.mjData_site_xpos);
    cinert = p.getPointer(MjLayout.mjData_cinert);
    cvel = p.getPointer(MjLayout.mjData_cvel);
    qfrcActuator = p.getPointer(MjLayout.mjData_qfrc_actuator);
    qfrcConstraint = p.getPointer(MjLayout.mjData_qfrc_constraint);
    cfrcExt = p.getPointer(MjLayout.mjData_cfrc_ext);
  }

  /** The model this data belongs to. */
  public MjModel model() {
    return model;
  }

  /** {@code mj_resetData}: state to the model's defaults (qpos0, zero velocity, warm start cleared). */
  public void reset() {
    MjNative.mj_resetData(model.pointer(), live());
  }

  /** {@code mj_step}: one physics step of {@code model.timestep()} seconds. */
  public void step() {
    MjNative.mj_step(model.pointer(), live());
  }

  /** {@code mj_forward}: recomputes every derived quantity from the current state, no integration. */
  public void forward() {
    MjNative.mj_forward(model.pointer(), live());
  }

  /** {@code mj_rnePostConstraint}: fills {@code cacc}, {@code cfrc_int} and {@code cfrc_ext}. */
  public void rnePostConstraint() {
    MjNative.mj_rnePostConstraint(model.pointer(), live());
  }

  /** Simulation time in seconds. */
  public double time() {
    return live().getDouble(MjLayout.mjData_time);
  }

  /** Copies {@code qpos} (nq values) into {@code out}. */
  public void readQpos(double[] out) {
    live();
    qpos.read(0, out, 0, model.nq());
  }

  /** Copies {@code qvel} (nv values) into {@code out}. */
  public void readQvel(double[] out) {
    live();
    qvel.read(0, out, 0, model.nv());
  }

  /** Sets {@code qpos} from the first nq values of {@code in}. */
  public void writeQpos(double[] in) {
    live();
    qpos.write(0, in, 0, model.nq());
  }

  /** Sets {@code qvel} from the first nv values of {@code in}. */
  public void writeQvel(double[] in) {
    live();
    qvel.write(0, in, 0, model.nv());
  }

  /** Sets {@code ctrl} from the first nu values of {@code in}. */
  public void writeCtrl(double[] in) {
    live();
    ctrl.write(0, in, 0, model.nu());
  }

  /** Copies {@code xipos} (body centres of mass, [nbody, 3]) into {@code out}. */
  public void readXipos(double[] out) {
    live();
    xipos.read(0, out, 0, 3 * model.nbody());
  }

  /** Copies {@code site_xpos} ([nsite, 3]) into {@code out}. */
  public void readSiteXpos(double[] out) {
    live();
    siteXpos.read(0, out, 0, 3 * model.nsite());
  }

  /** Copies {@code cinert} (com-based body inertias, [nbody, 10]) into {@code out}. */
  public void readCinert(double[] out) {
    live();
    cinert.read(0, out, 0, 10 * model.nbody());
  }

  /** Copies {@code cvel} (com-based body velocities, [nbody, 6]) into {@code out}. */
  public void readCvel(double[] out) {
    live();
    cvel.read(0, out, 0, 6 * model.nbody());
  }

  /** Copies {@code qfrc_actuator} (nv values) into {@code out}. */
  public void readQfrcActuator(double[] out) {
    live();
    qfrcActuator.read(0, out, 0, model.nv());
  }

  /** Copies {@code qfrc_constraint} (nv values) into {@code out}. */
  public void readQfrcConstraint(double[] out) {
    live();
    qfrcConstraint.read(0, out, 0, model.nv());
  }

  /** Copies {@code cfrc_ext} (com-based external forces, [nbody, 6]) into {@code out}. */
  public void readCfrcExt(double[] out) {
    live();
    cfrcExt.read(0, out, 0, 6 * model.nbody());
  }

  private Pointer live() {
    if (ptr == null) {
      throw new IllegalStateException("MuJoCo data of " + model.source() + " is closed");
    }
    return ptr;
  }

  /** Frees the native data; later calls do nothing. */
  @Override
  public void close() {
    if (ptr != null) {
      MjNative.mj_deleteData(ptr);
      ptr = null;
    }
  }
}
