/** The command-line entry point and Spark drivers of optim4rl-spark (ARCHITECTURE 6). */
package io.optim4rl.jobs;
