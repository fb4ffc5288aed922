package io.optim4rl.envs.control.mujoco;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A compiled MuJoCo model ({@code mjModel*}) and the sizes and constant arrays the tasks need, copied
 * once at load. Shared read-only by all {@link MjData} of one batch; {@link #close()} frees it.
 */
public final class MjModel implements AutoCloseable {

  private Pointer ptr;
  private final String source;
  private final int nq;
  private final int nv;
  private final int nu;
  private final int nbody;
  private final int nsite;
  private final double timestep;
  private final double[] qpos0;
  private final double[] bodyMass;
  private final double[] ctrlRange;

  private MjModel(Pointer ptr, String source) {
    this.ptr = ptr;
    this.source = source;
    nq = ptr.getInt(MjLayout.mjModel_nq);
    nv = ptr.getInt(MjLayout.mjModel_nv);
    nu = ptr.getInt(MjLayout.mjModel_nu);
    nbody = ptr.getInt(MjLayout.mjModel_nbody);
    nsite = ptr.getInt(MjLayout.mjModel_nsite);
    timestep = ptr.getDouble(MjLayout.mjModel_opt_timestep);
    qpos0 = ptr.getPointer(MjLayout.mjModel_qpos0).getDoubleArray(0, nq);
    bodyMass = ptr.getPointer(MjLayout.mjModel_body_mass).getDoubleArray(0, nbody);
    ctrlRange = nu == 0 ? new double[0]
        : ptr.getPointer(MjLayout.mjModel_actuator_ctrlrange).getDoubleArray(0, 2 * nu);
    byte[] limited = nu == 0 ? new byte[0]
        : ptr.getPointer(MjLayout.mjModel_actuator_ctrllimited).getByteArray(0, nu);
    for (int j = 0; j < nu; j++) {
      if (limited[j] == 0) {
        throw new IllegalArgumentException("actuator " + j + " of " + source
            + " has no ctrlrange (ctrllimited=\"false\"); actions in [-1, 1] need one to map onto");
      }
    }
  }

  /**
   * Compiles the MJCF file {@code xml}.
   *
   * @throws MujocoUnavailableException if the library is missing or the file does not exist
   * @throws IllegalArgumentException with MuJoCo's compiler message if the file does not compile
   */
  public static MjModel load(Path xml) {
    return compile(xml, xml.toString());
  }

  /** Compiles an MJCF classpath resource (copied to a temporary file, which is deleted again). */
  public static MjModel loadResource(String resource) {
    Mujoco.require();
    try (InputStream in = MjModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no classpath resource " + resource);
      }
      Path tmp = Files.createTempFile("optim4rl-mujoco-", ".xml");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return compile(tmp, "classpath:" + resource);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading model resource " + resource, e);
    }
  }

  private static MjModel compile(Path xml, String source) {
    Mujoco.require();
    if (!Files.isRegularFile(xml)) {
      throw new MujocoUnavailableException("MuJoCo model file " + xml + " does not exist");
    }
    byte[] error = new byte[1000];
    Pointer model = MjNative.mj_loadXML(xml.toAbsolutePath().toString(), null, error, error.length);
    if (model == null) {
      int len = 0;
      while (len < error.length && error[len] != 0) {
        len++;
      }
      throw new IllegalArgumentException("MuJoCo could not compile " + source + ": "
          + new String(error, 0, len, StandardCharsets.UTF_8));
    }
    try {
      return new MjModel(model, source);
    } catch (RuntimeException e) {
      MjNative.mj_deleteModel(model);
      throw e;
    }
  }

  /** Where the model came from (a path or {@code classpath:...}). */
  public String source() {
    return source;
  }

  /** Number of position coordinates. */
  public int nq() {
    return nq;
  }

  /** Number of degrees of freedom (velocity coordinates). */
  public int nv() {
    return nv;
  }

  /** Number of actuators. */
  public int nu() {
    return nu;
  }

  /** Number of bodies, the world body 0 included. */
  public int nbody() {
    return nbody;
  }

  /** Number of sites. */
  public int nsite() {
    return nsite;
  }

  /** The physics timestep {@code opt.timestep} in seconds. */
  public double timestep() {
    return timestep;
  }

  /** A copy of the reference configuration {@code qpos0}. */
  public double[] qpos0() {
    return qpos0.clone();
  }

  /** A copy of the body masses, world body first. */
  public double[] bodyMass() {
    return bodyMass.clone();
  }

  /** Lower end of actuator {@code j}'s control range. */
  public double ctrlLow(int j) {
    return ctrlRange[2 * j];
  }

  /** Upper end of actuator {@code j}'s control range. */
  public double ctrlHigh(int j) {
    return ctrlRange[2 * j + 1];
  }

  /** The id of the body named {@code name}; fails naming the model if there is none. */
  public int bodyId(String name) {
    return id(MjLayout.mjOBJ_BODY, "body", name);
  }

  /** The id of the site named {@code name}; fails naming the model if there is none. */
  public int siteId(String name) {
    return id(MjLayout.mjOBJ_SITE, "site", name);
  }

  private int id(int type, String kind, String name) {
    int id = MjNative.mj_name2id(pointer(), type, name);
    if (id < 0) {
      throw new IllegalArgumentException("model " + source + " has no " + kind + " named '" + name + "'");
    }
    return id;
  }

  Pointer pointer() {
    if (ptr == null) {
      throw new IllegalStateException("MuJoCo model " + source + " is closed");
    }
    return ptr;
  }

  /** Frees the native model; later calls do nothing. Close every {@link MjData} of it first. */
  @Override
  public void close() {
    if (ptr != null) {
      MjNative.mj_deleteModel(ptr);
      ptr = null;
    }
  }
}
