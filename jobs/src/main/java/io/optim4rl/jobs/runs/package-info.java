/** Run-per-task execution shared by the commands: the driver, run kinds, outcomes, runs rows, progress records. */
package io.optim4rl.jobs.runs;
