package io.optim4rl.envs.control.mujoco;

import com.sun.jna.NativeLibrary;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loading the MuJoCo 2.2.2 native library, which is optional: nothing outside this package needs it, and
 * class loading never fails without it. {@link #isAvailable()} answers whether it can be used;
 * {@link #require()} fails with a message that names the missing library and how to install it.
 *
 * <p>The library is {@value #DEFAULT_LIBRARY} (Debian package {@code libmujoco2.2.2}), found through the
 * dynamic linker's usual search; the system property {@value #LIBRARY_PROPERTY} or the environment variable
 * {@value #LIBRARY_ENV} names another file or path. The loaded library must report {@code mj_version() ==
 * 222}, the version whose struct layout {@link MjLayout} encodes.
 */
public final class Mujoco {

  /** The shared library loaded when nothing else is configured. */
  public static final String DEFAULT_LIBRARY = "libmujoco.so.2.2.2";
  /** System property naming the library file or path. */
  public static final String LIBRARY_PROPERTY = "optim4rl.mujoco.library";
  /** Environment variable naming the library file or path (the system property wins). */
  public static final String LIBRARY_ENV = "OPTIM4RL_MUJOCO_LIBRARY";
  /** The command that installs the runtime library and the sample models (the humanoid). */
  public static final String INSTALL_COMMAND = "sudo apt-get install libmujoco2.2.2 libmujoco-samples";

  /** Outcome of loading one library name: null error means loaded. */
  private record Outcome(String error) {}

  private static final Map<String, Outcome> OUTCOMES = new ConcurrentHashMap<>();

  private Mujoco() {}

  /** The library name or path in force: the system property, else the environment variable, else the default. */
  public static String libraryName() {
    String name = System.getProperty(LIBRARY_PROPERTY);
    if (name == null || name.isBlank()) {
      name = System.getenv(LIBRARY_ENV);
    }
    return name == null || name.isBlank() ? DEFAULT_LIBRARY : name;
  }

  /** Whether the configured library loads and is MuJoCo 2.2.2. */
  public static boolean isAvailable() {
    return outcome(libraryName()).error() == null;
  }

  /**
   * Loads the configured library (once per name) or throws.
   *
   * @throws MujocoUnavailableException naming the library, the reason and the install command
   */
  public static void require() {
    String error = outcome(libraryName()).error();
    if (error != null) {
      throw new MujocoUnavailableException(error);
    }
  }

  /** The version the library reports, for example 222; requires the library. */
  public static int version() {
    require();
    return MjNative.mj_version();
  }

  private static Outcome outcome(String name) {
    return OUTCOMES.computeIfAbsent(name, Mujoco::load);
  }

  private static Outcome load(String name) {
    NativeLibrary library;
    try {
      library = NativeLibrary.getInstance(name);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return new Outcome("the MuJoCo native library '" + name + "' could not be loaded ("
          + oneLine(e.getMessage()) + "). Install it with: " + INSTALL_COMMAND
          + " (or point -D" + LIBRARY_PROPERTY + " or " + LIBRARY_ENV + " at libmujoco.so.2.2.2)");
    }
    MjNative.register(library);
    int version = MjNative.mj_version();
    if (version != MjLayout.VERSION) {
      return new Outcome("the MuJoCo library '" + name + "' is version " + version + " but this binding's"
          + " struct offsets are for " + MjLayout.VERSION + " (MuJoCo 2.2.2). Install it with: "
          + INSTALL_COMMAND + ", or regenerate MjLayout with envs/tools/mujoco-offsets");
    }
    return new Outcome(null);
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "no reason given";
    }
    String oneLine = message.replaceAll("\\s*\\R\\s*", " ").strip();
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }
}
