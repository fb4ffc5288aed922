/**
 * The agents' actor-critic networks (REFERENCE 2), batched over rows with ND4J.
 *
 * <ul>
 *   <li>{@link io.optim4rl.agents.nets.ActorCriticNet}: the role; flat parameters in canonical flax order
 *       ({@link io.optim4rl.agents.params.ParamLayout}), a forward pass giving logits and values, and a
 *       backward pass giving the gradient of {@code sum(dLogits * logits) + sum(dValues * values)}.
 *   <li>{@link io.optim4rl.agents.nets.DenseActorCriticNet}: D32 ({@code small} gridworlds) and D256
 *       ({@code catch}), flatten then Dense + ReLU.
 *   <li>{@link io.optim4rl.agents.nets.ConvActorCriticNet}: C16_D32 ({@code big} gridworlds), with the
 *       reference's convolution over (plane, row) and map columns as input channels, computed as an
 *       im2col of the windows that hold a non-zero input plus one gemm (observations are one-hot planes).
 *       It writes host buffers directly, so it needs the CPU backend.
 *   <li>{@link io.optim4rl.agents.nets.Nets}: picks the net for a task name.
 * </ul>
 *
 * <p>Networks compute in the data type of the parameters (FLOAT for training, DOUBLE for gradient checks
 * and golden tests), hold no state and are thread-safe. Forward results keep what backward needs; they
 * are owned by the caller and never mutated by the net. Kernels are initialised LeCun-normal (truncated)
 * and biases at zero, as flax does.
 */
package io.optim4rl.agents.nets;
