/**
 * Learned optimizers (Optim4RL, LinearOptim, L2LGD2, STAR) as agent {@code Optimizer}s with
 * meta-parameters, their exact first-order meta-gradient and the meta-trainer with pipeline training
 * (REFERENCE 4.2-4.6, 5). Not implemented yet: this module is the home of issue 3's work.
 */
package io.optim4rl.lopt;
