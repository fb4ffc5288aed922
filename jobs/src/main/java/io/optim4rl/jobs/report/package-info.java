/** {@code report}: figures (PNG and SVG, drawn with plain Java) and tables of an analysis as a self-contained HTML page. */
package io.optim4rl.jobs.report;
