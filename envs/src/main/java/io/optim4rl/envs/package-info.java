/**
 * Batched reinforcement-learning environments of the Optim4RL port (REFERENCE section 1).
 *
 * <p>{@link io.optim4rl.envs.VecEnv} is the role: a batch of independent instances stepped together,
 * state in flat primitive arrays, auto-reset, no allocation per step. Implementations are
 * {@link io.optim4rl.envs.GridworldVecEnv} (the eight gridworlds of REFERENCE 1.1, configured by
 * {@link io.optim4rl.envs.GridworldSpec}) and {@link io.optim4rl.envs.CatchVecEnv} (REFERENCE 1.2).
 * {@link io.optim4rl.envs.Tasks} maps task names to factories. Randomness follows REFERENCE 1.4:
 * instance {@code i} of a run with seed {@code s} draws only from
 * {@link io.optim4rl.envs.Seeds#stream Seeds.stream(s, "env", i)}, so trajectories do not depend on
 * batch size, threads or partitions. {@link io.optim4rl.envs.EnvBenchmark} measures throughput.
 */
package io.optim4rl.envs;
