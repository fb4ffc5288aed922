package io.optim4rl.envs.control.mujoco;

/**
 * The MuJoCo native library (or a model file it needs) is missing or of the wrong version; the message
 * says which and how to install it.
 */
public final class MujocoUnavailableException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** An exception with the given explanation. */
  public MujocoUnavailableException(String message) {
    super(message);
  }
}
