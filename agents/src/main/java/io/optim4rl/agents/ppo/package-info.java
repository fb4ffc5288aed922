/**
 * PPO for continuous control (REFERENCE 3.6; brax 0.9.4 {@code agents/ppo}), in plain-Java float with
 * ND4J only at the optimizer boundary.
 *
 * <p>Pure maths: {@link io.optim4rl.agents.ppo.TanhNormal} (the tanh-squashed Normal policy),
 * {@link io.optim4rl.agents.ppo.Gae} (GAE with termination versus truncation),
 * {@link io.optim4rl.agents.ppo.PpoLoss} (clipped surrogate, value and entropy terms and their gradient
 * with respect to the network outputs), {@link io.optim4rl.agents.ppo.RunningStatistics} (observation
 * normaliser). Networks: {@link io.optim4rl.agents.ppo.PpoNetworks} (policy and value MLPs in one flat
 * vector). Building blocks a meta-trainer drives: {@link io.optim4rl.agents.ppo.PpoRollout} (collect a
 * training step's data), {@link io.optim4rl.agents.ppo.PpoBatch#updateStatistics} (normaliser step),
 * {@link io.optim4rl.agents.ppo.PpoGradient} (minibatch gradient into a float[]),
 * {@link io.optim4rl.agents.ppo.PpoTrainer#applyInPlace} (one optimizer step). The loop:
 * {@link io.optim4rl.agents.ppo.PpoTrainer}; throughput: {@link io.optim4rl.agents.ppo.PpoBenchmark}.
 */
package io.optim4rl.agents.ppo;
