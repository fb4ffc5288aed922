/**
 * Continuous-control tasks behind {@link io.optim4rl.envs.control.ContinuousVecEnv}: a pure-Java pendulum
 * swing-up and the MuJoCo locomotion tasks (Ant, Humanoid, Walker2d, inverted double pendulum), the
 * counterparts of the paper's Brax tasks (REFERENCE 1.3).
 */
package io.optim4rl.envs.control;
