/**
 * Gradient-distribution statistics of REFERENCE 7.3-7.4 (Figure 1, Figure 5, Table 4): the 30 contiguous
 * parts of a run ({@link ArraySplit}), the histogram bins ({@link GradientBins}), the exact 1-D Wasserstein
 * distance ({@link Wasserstein1d}, scipy semantics) and its one-pass streaming form over sorted values for
 * every part against the whole at once ({@link StagedWassersteinPass}), which the Spark job runs per
 * range partition. Plain Java, no Spark types.
 */
package io.optim4rl.analysis.gradients;
