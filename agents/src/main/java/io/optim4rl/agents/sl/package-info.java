/**
 * Supervised learning for the gradient collection of REFERENCE 7.2: the MNIST IDX files
 * ({@link MnistFiles}), the class-balanced training set ({@link MnistData}) and the training loop of
 * MNIST_CNN with any agent {@code Optimizer} ({@link MnistTrainer}).
 */
package io.optim4rl.agents.sl;
