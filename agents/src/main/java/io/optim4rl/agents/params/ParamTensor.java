package io.optim4rl.agents.params;

import java.util.Arrays;

/**
 * One named tensor inside a flat parameter vector.
 *
 * @param name flax-style path, for example {@code feature_net.layers_1.kernel}
 * @param shape stored shape (Dense kernel (in, out), Conv kernel (kh, kw, in, out), bias (out,))
 * @param offset index of the tensor's first element in the flat vector
 */
public record ParamTensor(String name, long[] shape, long offset) {

  public ParamTensor {
    shape = shape.clone();
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset for " + name);
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of scalars in the tensor. */
  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + "@" + offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParamTensor t
        && t.name.equals(name)
        && Arrays.equals(t.shape, shape)
        && t.offset == offset;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape) + Long.hashCode(offset);
  }
}
