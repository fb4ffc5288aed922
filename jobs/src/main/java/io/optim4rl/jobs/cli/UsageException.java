package io.optim4rl.jobs.cli;

/** A wrong command line: unknown command or option, missing value. The message says what to type. */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
