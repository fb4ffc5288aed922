/** The evaluate command: learned optimizers selected by query, trained against baselines, summarised over seeds. */
package io.optim4rl.jobs.evaluate;
