package io.optim4rl.agents.a2c;

/**
 * Thrown when a loss term, the agent gradient or the parameter update of a training run becomes NaN or
 * infinite. The message names the iteration and the quantity and says what to try.
 */
public final class TrainingDivergedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int iteration;
  private final String quantity;
  private final double value;

  /**
   * @param iteration 0-based iteration at which the value was seen
   * @param quantity what became non-finite, e.g. {@code "critic loss"} or {@code "agent gradient norm"}
   * @param value the offending value (NaN or an infinity)
   * @param context the run, e.g. task, optimizer and seed, for the message
   */
  public TrainingDivergedException(int iteration, String quantity, double value, String context) {
    super("training diverged at iteration " + iteration + " (" + context + "): the " + quantity + " is " + value
        + "; lower the learning rate or enable gradient clipping (gradClip > 0, e.g. 1.0, or gradNorm > 0)");
    this.iteration = iteration;
    this.quantity = quantity;
    this.value = value;
  }

  public int iteration() {
    return iteration;
  }

  public String quantity() {
    return quantity;
  }

  public double value() {
    return value;
  }
}
