/** The sql command: every warehouse table registered as a view. */
package io.optim4rl.jobs.sql;
