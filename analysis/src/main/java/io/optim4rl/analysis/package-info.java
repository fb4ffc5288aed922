/**
 * Gradient-distribution analysis (REFERENCE 7): collection hooks, MNIST, histograms of
 * log10(|g| + 1e-8), 1-D Wasserstein distances, bootstrap intervals and report rendering.
 * Not implemented yet: this module is the home of issue 5's work.
 */
package io.optim4rl.analysis;
