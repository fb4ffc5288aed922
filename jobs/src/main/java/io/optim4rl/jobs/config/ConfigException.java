package io.optim4rl.jobs.config;

/**
 * A configuration problem found before any work starts: the message names the file, the key, what was
 * wrong and what is allowed.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  /** A problem with {@code key} in {@code source} (a file path or {@code --set}). */
  public static ConfigException at(String source, String key, String problem) {
    return new ConfigException(source + ": key '" + key + "': " + problem);
  }
}
