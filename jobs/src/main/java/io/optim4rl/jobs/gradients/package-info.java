/**
 * Gradient collection and analysis (REFERENCE 7; Figure 1, Figure 5, Table 4): {@code collect} (A2C on a
 * gridworld or MNIST_CNN on MNIST, rows into {@code gradients}), {@code analyze gradients} (per-stage
 * histograms and exact Wasserstein distances with Spark over the whole table), and the synthetic-rows
 * generator of {@code bench gradients}.
 */
package io.optim4rl.jobs.gradients;
