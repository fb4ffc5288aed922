/**
 * Agent optimizers as explicit-state {@code init} / {@code update} pairs (optax style, REFERENCE 4.1).
 *
 * <ul>
 *   <li>{@link io.optim4rl.agents.optim.Optimizer}: the role; {@code update} returns the amount to ADD to
 *       the parameters and the next state, and never mutates its arguments.
 *   <li>Classical optimizers with optax 0.1.7 defaults: {@link io.optim4rl.agents.optim.SgdOptimizer},
 *       {@link io.optim4rl.agents.optim.RmsPropOptimizer}, {@link io.optim4rl.agents.optim.AdamOptimizer}.
 *   <li>Gradient preprocessing (elementwise clip or global-norm clip) as a value,
 *       {@link io.optim4rl.agents.optim.GradientClipping}, applied by the decorator
 *       {@link io.optim4rl.agents.optim.ClippedOptimizer}.
 *   <li>Configuration and construction: {@link io.optim4rl.agents.optim.OptimizerSpec} (validated record)
 *       and {@link io.optim4rl.agents.optim.Optimizers} (an immutable name to factory registry; later
 *       modules add learned optimizers with {@code Optimizers.classical().with(name, factory)}).
 * </ul>
 *
 * <p>Ownership: every array in a returned state or update is freshly allocated by that step and is never
 * mutated afterwards by the optimizer; callers must not mutate it either (use {@code dup()} first).
 */
package io.optim4rl.agents.optim;
