/** Command-line parsing, progress bars with ETA and result printing (table, CSV, JSON). */
package io.optim4rl.jobs.cli;
