/**
 * Advantage actor-critic (REFERENCE 3): the RL maths as small pure functions and the plain A2C loop.
 *
 * <ul>
 *   <li>Maths: {@link io.optim4rl.agents.a2c.LambdaReturns} (TD(lambda) returns and advantages, 3.2
 *       step 4 and 5) and {@link io.optim4rl.agents.a2c.A2cLoss} (the three loss terms and their
 *       derivatives with respect to logits and values, 3.2 step 6).
 *   <li>Data collection: {@link io.optim4rl.agents.a2c.A2cRollout} (T steps of B envs, time-major
 *       buffers, per-env action streams) with {@link io.optim4rl.agents.a2c.CategoricalSampler}.
 *   <li>Gradient: {@link io.optim4rl.agents.a2c.A2cGradient} (forward, loss, backward; 3.2 steps 3 to 7).
 *   <li>Loop: {@link io.optim4rl.agents.a2c.A2cTrainer} configured by
 *       {@link io.optim4rl.agents.a2c.A2cConfig}, observed through
 *       {@link io.optim4rl.agents.a2c.A2cTrainer.Listener} with one
 *       {@link io.optim4rl.agents.a2c.IterationStats} per iteration; return logging of 3.4 in
 *       {@link io.optim4rl.agents.a2c.ReturnTracker}; non-finite values raise
 *       {@link io.optim4rl.agents.a2c.TrainingDivergedException}.
 * </ul>
 *
 * <p>Layout convention: every per-step array is time-major, index {@code t * B + b} for step t of env b.
 */
package io.optim4rl.agents.a2c;
