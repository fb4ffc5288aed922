/** Benchmarks behind the bench command (meta-training throughput). */
package io.optim4rl.jobs.bench;
