/** The meta-train command: MetaA2C runs with meta_steps rows, checkpoints and resume. */
package io.optim4rl.jobs.meta;
