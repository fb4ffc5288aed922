package io.optim4rl.lopt.meta;

/** Meta-training stopped because too many meta-gradients were not finite (the paper reports this for STAR). */
public final class MetaTrainingStoppedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MetaTrainingStoppedException(String message) {
    super(message);
  }
}
