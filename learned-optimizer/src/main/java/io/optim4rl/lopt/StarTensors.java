package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The agent's parameter tensors as STAR sees them (REFERENCE 4.5): per tensor its coordinates in the flat
 * vector, whether its second moment is factored (Adafactor style, tensors with two or more axes) and, if
 * so, the index maps of its row and column accumulators. Immutable, shared by every unit of a task.
 *
 * <p>Factored dims follow numpy's argsort of the shape (stable for ties): d0 = the largest axis, d1 = the
 * second largest. The row accumulator has the tensor's shape without d0 (it is the mean of g^2 over d0),
 * the column accumulator the shape without d1. Its "row-column mean" is the mean of the row accumulator over
 * its d1 axis, i.e. over the row entries that share a group = index without d0 and d1. 0-D tensors are
 * treated as 1-D of length 1, as the reference reshapes them.
 *
 * <p>Per unit the factored accumulators live in one "fac" buffer of {@link #facSize()} doubles per decay:
 * tensor by tensor, rows then columns for factored tensors, one entry per element for 1-D tensors.
 */
final class StarTensors {

  /** One agent parameter tensor. */
  static final class Tensor {
    final String name;
    final long[] shape;
    /** First coordinate in the unit's flat parameter vector. */
    final int offset;
    final int size;
    final boolean factored;
    /** Sizes of axis d0 (largest) and d1 (second largest); 0 when not factored. */
    final int d0Size;
    final int d1Size;
    /** Entries of the row (shape without d0) and column (shape without d1) accumulators. */
    final int rows;
    final int cols;
    final int groups;
    /** Row / column accumulator entry of each element; group of each row entry (null when not factored). */
    final int[] rowOf;
    final int[] colOf;
    final int[] groupOfRow;
    /** Offset of this tensor's accumulators in the unit's fac buffer, and their count per decay. */
    final int facOffset;
    final int facSize;

    Tensor(ParamTensor t, int facOffset) {
      this.name = t.name();
      this.shape = t.shape();
      this.offset = Math.toIntExact(t.offset());
      this.size = Math.toIntExact(t.size());
      this.facOffset = facOffset;
      int r = shape.length;
      this.factored = r >= 2;
      if (!factored) {
        d0Size = 0;
        d1Size = 0;
        rows = 0;
        cols = 0;
        groups = 0;
        rowOf = null;
        colOf = null;
        groupOfRow = null;
        facSize = size;
        return;
      }
      int[] d = factoredDims(shape);
      int d1 = d[0];
      int d0 = d[1];
      d0Size = Math.toIntExact(shape[d0]);
      d1Size = Math.toIntExact(shape[d1]);
      rows = size / d0Size;
      cols = size / d1Size;
      groups = rows / d1Size;
      facSize = rows + cols;
      rowOf = new int[size];
      colOf = new int[size];
      groupOfRow = new int[rows];
      int[] idx = new int[r];
      for (int e = 0; e < size; e++) {
        int row = 0;
        int col = 0;
        int grp = 0;
        for (int a = 0; a < r; a++) {
          int s = (int) shape[a];
          if (a != d0) {
            row = row * s + idx[a];
          }
          if (a != d1) {
            col = col * s + idx[a];
          }
          if (a != d0 && a != d1) {
            grp = grp * s + idx[a];
          }
        }
        rowOf[e] = row;
        colOf[e] = col;
        groupOfRow[row] = grp;
        for (int a = r - 1; a >= 0; a--) { // row-major increment of the multi-index
          if (++idx[a] < shape[a]) {
            break;
          }
          idx[a] = 0;
        }
      }
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape) + (factored ? " factored d0 " + d0Size + " d1 " + d1Size : "");
    }
  }

  private final Tensor[] tensors;
  private final int numParams;
  private final int facSize;
  private final int maxSize;
  private final int maxFacSize;
  private final int maxRows;
  private final int maxCols;
  private final int maxGroups;

  private StarTensors(Tensor[] tensors, int numParams, int facSize) {
    this.tensors = tensors;
    this.numParams = numParams;
    this.facSize = facSize;
    int ms = 1;
    int mf = 1;
    int mr = 1;
    int mc = 1;
    int mg = 1;
    for (Tensor t : tensors) {
      ms = Math.max(ms, t.size);
      mf = Math.max(mf, t.facSize);
      mr = Math.max(mr, t.rows);
      mc = Math.max(mc, t.cols);
      mg = Math.max(mg, t.groups);
    }
    this.maxSize = ms;
    this.maxFacSize = mf;
    this.maxRows = mr;
    this.maxCols = mc;
    this.maxGroups = mg;
  }

  /** The tensors of {@code layout} (canonical order). */
  static StarTensors of(ParamLayout layout) {
    List<Tensor> list = new ArrayList<>();
    int fac = 0;
    long expectedOffset = 0;
    for (ParamTensor t : layout.tensors()) {
      if (t.offset() != expectedOffset) {
        throw new IllegalArgumentException("agent layout is not contiguous at " + t);
      }
      expectedOffset += t.size();
      Tensor x = new Tensor(t, fac);
      fac += x.facSize;
      list.add(x);
    }
    return new StarTensors(list.toArray(new Tensor[0]), Math.toIntExact(layout.numParams()), fac);
  }

  /**
   * numpy's {@code argsort(shape)[-2], argsort(shape)[-1]} (stable order for equal sizes): {d1, d0}, the
   * second largest and the largest axis.
   */
  static int[] factoredDims(long[] shape) {
    Integer[] order = new Integer[shape.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> shape[a] != shape[b] ? Long.compare(shape[a], shape[b]) : Integer.compare(a, b));
    return new int[] {order[order.length - 2], order[order.length - 1]};
  }

  Tensor[] tensors() {
    return tensors;
  }

  /** Agent parameters per unit. */
  int numParams() {
    return numParams;
  }

  /** Accumulator entries per unit and decay in the fac buffer. */
  int facSize() {
    return facSize;
  }

  int maxSize() {
    return maxSize;
  }

  int maxFacSize() {
    return maxFacSize;
  }

  int maxRows() {
    return maxRows;
  }

  int maxCols() {
    return maxCols;
  }

  int maxGroups() {
    return maxGroups;
  }
}
