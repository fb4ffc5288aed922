package io.optim4rl.envs.control.mujoco;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The MuJoCo C functions this binding calls, bound by JNA direct mapping (a static native method per
 * function, much cheaper per call than an interface proxy). Only {@link Mujoco} touches this class, and
 * only after the library has loaded, so a missing library never fails class loading elsewhere.
 */
final class MjNative {

  private MjNative() {}

  private static volatile boolean registered;

  /** Binds the native methods below to {@code library}; later calls are no-ops. */
  static synchronized void register(NativeLibrary library) {
    if (!registered) {
      Native.register(MjNative.class, library);
      registered = true;
    }
  }

  static native int mj_version();

  static native Pointer mj_loadXML(String filename, Pointer vfs, byte[] error, int errorSize);

  static native Pointer mj_makeData(Pointer model);

  static native void mj_deleteData(Pointer data);

  static native void mj_deleteModel(Pointer model);

  static native void mj_resetData(Pointer model, Pointer data);

  static native void mj_step(Pointer model, Pointer data);

  static native void mj_forward(Pointer model, Pointer data);

  static native void mj_rnePostConstraint(Pointer model, Pointer data);

  static native int mj_name2id(Pointer model, int type, String name);
}
