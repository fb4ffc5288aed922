/**
 * Meta-training units, agent side (REFERENCE 5.1): U independent A2C agents, each with its own
 * parameters and exactly one environment instance, whose single-env A2C gradients feed per-unit learned
 * optimizers.
 *
 * <ul>
 *   <li>{@link io.optim4rl.agents.units.UnitBatchA2c}: the entry point. Parameters and gradients of all
 *       units are flat float arrays {@code [U * P]} (unit u at {@code u P}), in the canonical layout of
 *       the task's ND4J net ({@link io.optim4rl.agents.nets.Nets#forTask}: D32, C16_D32 or D256).
 *       {@code rolloutAndGradient} rolls out T steps of every unit on env instance u with its own
 *       action stream {@code Seeds.stream(seed, "unit-action", u)} and writes every unit's gradient of
 *       its own loss (REFERENCE 3.2 with B = 1); {@code initUnitParams}, {@code resetUnitEpisode} and
 *       {@code resetUnit} serve the pipeline resets of 5.3.
 *   <li>Networks: {@code UnitNet} with {@code DenseUnitNet} (D32, D256) and {@code ConvUnitNet}
 *       (C16_D32, the reference's conv over (plane, row)), plain-Java float32 forward and backward for
 *       one unit at a time that exploit one-hot observations: the first layer reads only the kernel rows
 *       of non-zero inputs; the conv net touches only the positions whose window holds an input and
 *       accounts for all others (output {@code relu(bias)}) with per-call column sums.
 *   <li>Loss: {@code UnitA2cLoss}, {@link io.optim4rl.agents.a2c.A2cLoss} with B = 1, fused and in double.
 *   <li>{@link io.optim4rl.agents.units.UnitBatchBenchmark}: ms per {@code rolloutAndGradient} call.
 * </ul>
 *
 * <p>Threads: unit chunks run on a borrowed {@link java.util.concurrent.ForkJoinPool} (the common pool by
 * default); the env is stepped on the calling thread once per step after all units chose their actions.
 * No accumulator is shared between units, so results are bit-identical for any pool or thread count.
 */
package io.optim4rl.agents.units;
