/** The train job: plain A2C runs (REFERENCE 3) expanded from a config, one run per Spark task, rows into runs and returns. */
package io.optim4rl.jobs.train;
