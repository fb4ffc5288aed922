/** Statistics over seeds: mean, standard error and percentile-bootstrap intervals (REFERENCE 6). */
package io.optim4rl.analysis.stats;
