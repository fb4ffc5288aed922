/**
 * Learned optimizers' numerical core (REFERENCE 4.2-4.6, 5.2, 5.5): meta-parameters, the exact
 * first-order meta-gradient, the fast Optim4RL kernels and the learned optimizers as agent optimizers.
 *
 * <ul>
 *   <li>Meta-parameters: {@link io.optim4rl.lopt.LearnedOptimizerKind} (Optim4RL, LinearOptim, L2LGD2),
 *       {@link io.optim4rl.lopt.MetaParamLayouts} (flax names, canonical order),
 *       {@link io.optim4rl.lopt.MetaParamInit} (LeCun-normal / orthogonal / zero) and the immutable
 *       value {@link io.optim4rl.lopt.MetaParams}.
 *   <li>Double reference: {@link io.optim4rl.lopt.ReferenceUnroll} runs any of the three optimizers over
 *       M steps and n coordinates and returns the BPTT meta-gradient of L = sum_k sum_c a_c update_k[c]
 *       (package-private building blocks {@code GruCell}, {@code ReluMlp}, {@code Optim4RlReference},
 *       {@code LinearOptimReference}). Checked against the golden files and finite differences.
 *   <li>Fast Optim4RL: the {@link io.optim4rl.lopt.Optim4RlKernel} contract over float buffers
 *       ({@link io.optim4rl.lopt.Optim4RlTape}, {@link io.optim4rl.lopt.HiddenLayout},
 *       {@link io.optim4rl.lopt.Optim4RlWeights}) with the fused Vector API
 *       {@link io.optim4rl.lopt.Optim4RlVectorKernel} and the plain
 *       {@link io.optim4rl.lopt.Optim4RlScalarKernel}; {@link io.optim4rl.lopt.Optim4RlExecutor} runs
 *       them on a ForkJoinPool with a thread-count-independent meta-gradient;
 *       {@link io.optim4rl.lopt.KernelBenchmark} measures them.
 *   <li>Agent optimizers with frozen meta-parameters: {@link io.optim4rl.lopt.Optim4RlOptimizer},
 *       {@link io.optim4rl.lopt.ReferenceRouteOptimizer} (LinearOptim, L2LGD2) with state
 *       {@link io.optim4rl.lopt.LearnedOptimizerState}, registered by
 *       {@link io.optim4rl.lopt.LearnedOptimizers#register}.
 *   <li>STAR (REFERENCE 4.5, not coordinate-wise): {@link io.optim4rl.lopt.StarOptimizer} (agent optimizer,
 *       state {@link io.optim4rl.lopt.StarState}) and {@link io.optim4rl.lopt.StarEngine} (meta-training,
 *       exact first-order meta-gradient with g and p held constant), both built with the agent's
 *       parameter layout, on the package-private double-precision {@code StarCore}.
 * </ul>
 */
package io.optim4rl.lopt;
