package io.optim4rl.agents.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds optimizers from {@link OptimizerSpec}s by name (REFERENCE 4.1 {@code set_optim}).
 *
 * <p>An immutable registry of name to {@link Factory}. {@link #classical()} knows {@code sgd},
 * {@code rmsprop} and {@code adam}; later modules add learned optimizers by deriving a new registry,
 * {@code Optimizers.classical().with("optim4rl", spec -> ...)}, instead of mutating global state (so the
 * same registry exists on every Spark executor that builds it). {@link #build} wraps the factory's
 * optimizer in the spec's gradient preprocessing ({@link ClippedOptimizer}), so factories build the bare
 * optimizer.
 */
public final class Optimizers {

  /** Creates the bare optimizer (without gradient preprocessing) for a spec. */
  @FunctionalInterface
  public interface Factory {
    Optimizer<?> create(OptimizerSpec spec);
  }

  private static final Optimizers CLASSICAL = new Optimizers(new LinkedHashMap<>())
      .with("sgd", spec -> SgdOptimizer.of(spec.learningRate()))
      .with("rmsprop", spec -> RmsPropOptimizer.of(spec.learningRate()))
      .with("adam", spec -> AdamOptimizer.of(spec.learningRate()));

  private final Map<String, Factory> factories;

  private Optimizers(Map<String, Factory> factories) {
    this.factories = Collections.unmodifiableMap(factories);
  }

  /** The registry of the classical optimizers sgd, rmsprop and adam (optax 0.1.7 defaults). */
  public static Optimizers classical() {
    return CLASSICAL;
  }

  /** {@code classical().build(spec)}. */
  public static Optimizer<?> create(OptimizerSpec spec) {
    return CLASSICAL.build(spec);
  }

  /** A new registry that also knows {@code name} (case-insensitive; must not be registered already). */
  public Optimizers with(String name, Factory factory) {
    Objects.requireNonNull(factory, "factory");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("optimizer name must be non-empty");
    }
    String key = name.trim().toLowerCase(Locale.ROOT);
    if (factories.containsKey(key)) {
      throw new IllegalArgumentException("optimizer '" + key + "' is already registered");
    }
    Map<String, Factory> copy = new LinkedHashMap<>(factories);
    copy.put(key, factory);
    return new Optimizers(copy);
  }

  /** The registered names (lower case, in registration order). */
  public Set<String> names() {
    return factories.keySet();
  }

  /**
   * The optimizer named by {@code spec}, preceded by its gradient preprocessing.
   *
   * @throws IllegalArgumentException if the name is not registered (the message lists the known names)
   */
  public Optimizer<?> build(OptimizerSpec spec) {
    Factory factory = factories.get(spec.key());
    if (factory == null) {
      throw new IllegalArgumentException("unknown optimizer '" + spec.name() + "'; allowed (case-insensitive): "
          + String.join(", ", factories.keySet()));
    }
    return wrap(factory.create(spec), spec.clipping());
  }

  private static <S> Optimizer<S> wrap(Optimizer<S> optimizer, GradientClipping clipping) {
    return ClippedOptimizer.wrap(Objects.requireNonNull(optimizer, "factory returned null"), clipping);
  }

  @Override
  public String toString() {
    return "Optimizers" + factories.keySet();
  }
}
