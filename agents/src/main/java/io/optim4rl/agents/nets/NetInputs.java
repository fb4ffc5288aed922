package io.optim4rl.agents.nets;

import io.optim4rl.agents.params.ParamLayout;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Validation of the arrays handed to a network; messages name the network and the offending shape. */
final class NetInputs {

  private NetInputs() {}

  /** The data type the network computes in: that of {@code params} (FLOAT or DOUBLE). */
  static DataType computeType(String net, ParamLayout layout, INDArray params) {
    if (params.length() != layout.numParams()) {
      throw new IllegalArgumentException(net + ": parameter vector has " + params.length()
          + " entries, the layout needs " + layout.numParams());
    }
    DataType dt = params.dataType();
    if (dt != DataType.FLOAT && dt != DataType.DOUBLE) {
      throw new IllegalArgumentException(net + ": parameters must be FLOAT or DOUBLE, not " + dt);
    }
    return dt;
  }

  /** Observations as {@code [B, size]} in {@code dt} (cast if needed). */
  static INDArray observations(String net, INDArray obs, int size, DataType dt) {
    if (obs.rank() != 2 || obs.size(1) != size) {
      throw new IllegalArgumentException(net + ": observations must be [B, " + size + "], got "
          + Arrays.toString(obs.shape()));
    }
    return obs.dataType() == dt ? obs : obs.castTo(dt);
  }

  /** An output gradient of {@code rows * cols} entries as {@code [rows, cols]} in {@code dt}. */
  static INDArray outputGradient(String what, INDArray d, long rows, long cols, DataType dt) {
    if (d.length() != rows * cols) {
      throw new IllegalArgumentException(what + " must have " + rows + " x " + cols + " entries, got "
          + Arrays.toString(d.shape()));
    }
    INDArray m = d.reshape(rows, cols);
    return m.dataType() == dt ? m : m.castTo(dt);
  }

  /** Product of the dimensions, checking that each is positive. */
  static int size(String net, int[] shape) {
    if (shape.length == 0) {
      throw new IllegalArgumentException(net + ": empty observation shape");
    }
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(net + ": observation shape " + Arrays.toString(shape)
            + " has a non-positive dimension");
      }
      n *= d;
    }
    return Math.toIntExact(n);
  }

  /** Checks {@code numActions >= 1}. */
  static int numActions(String net, int numActions) {
    if (numActions < 1) {
      throw new IllegalArgumentException(net + ": numActions must be >= 1, got " + numActions);
    }
    return numActions;
  }
}
