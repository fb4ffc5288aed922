package io.optim4rl.agents.nets;

import io.optim4rl.agents.params.ParamLayout;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An actor-critic network (REFERENCE 2): a feature net f(obs), an actor head Dense(F -> actions)
 * producing logits and a critic head Dense(F -> 1) producing a value.
 *
 * <p>Parameters are one flat vector laid out by {@link #layout()} (canonical flax order). Forward and
 * backward are batched over rows and work in the data type of the arrays given (FLOAT for training,
 * DOUBLE for gradient checks and golden tests). Implementations are stateless and thread-safe.
 */
public interface ActorCriticNet {

  /** Architecture name: {@code D32}, {@code C16_D32} or {@code D256}. */
  String name();

  /** The flat parameter layout in canonical order. */
  ParamLayout layout();

  /** Number of actions (actor outputs). */
  int numActions();

  /** Shape of one observation, as the environment gives it. */
  int[] observationShape();

  /** Fresh parameters: LeCun-normal (truncated) kernels and zero biases, drawn from {@code rng}. */
  INDArray init(SplittableRandom rng, DataType dataType);

  /**
   * Forward pass.
   *
   * @param params flat parameters {@code [P]}
   * @param observations {@code [B, observationSize]}, row-major flattened observations
   * @return logits {@code [B, numActions]}, values {@code [B]} and what backward needs
   */
  Forward forward(INDArray params, INDArray observations);

  /**
   * Backward pass: the gradient with respect to the flat parameters of
   * {@code sum_b (dLogits[b] . logits[b] + dValues[b] * values[b])}.
   *
   * @return a new flat gradient {@code [P]}
   */
  INDArray backward(INDArray params, Forward forward, INDArray dLogits, INDArray dValues);

  /** The result of a forward pass. */
  interface Forward {
    /** Logits {@code [B, numActions]}. */
    INDArray logits();

    /** Values {@code [B]}. */
    INDArray values();
  }
}
