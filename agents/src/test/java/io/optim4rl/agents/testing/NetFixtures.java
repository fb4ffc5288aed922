package io.optim4rl.agents.testing;

import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Random inputs for network gradient checks, and conversions between ND4J arrays and Java arrays. */
public final class NetFixtures {

  private NetFixtures() {}

  /**
   * DOUBLE parameters: the net's own (LeCun-normal) init plus N(0, 0.1^2) on every bias, so that no
   * ReLU pre-activation sits exactly on the kink at 0 (which would break central differences).
   */
  public static double[] randomParams(ActorCriticNet net, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] p = flat(net.init(rng, DataType.DOUBLE));
    for (ParamTensor t : net.layout().tensors()) {
      if (t.name().endsWith(".bias")) {
        for (long i = t.offset(); i < t.offset() + t.size(); i++) {
          p[(int) i] = 0.1 * rng.nextGaussian();
        }
      }
    }
    return p;
  }

  /** {@code rows x size} observations of 0/1 entries, each 1 with probability {@code density}. */
  public static double[] sparseObservations(int rows, int size, double density, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] obs = new double[rows * size];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = rng.nextDouble() < density ? 1.0 : 0.0;
    }
    return obs;
  }

  /**
   * {@code count} distinct parameter indices: {@code perTensor} from every tensor (all of a smaller one),
   * the rest uniform over the whole vector; sorted.
   */
  public static int[] sampleIndices(ParamLayout layout, int count, int perTensor, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Set<Integer> picked = new LinkedHashSet<>();
    for (ParamTensor t : layout.tensors()) {
      int n = (int) Math.min(perTensor, t.size());
      while (picked.stream().filter(i -> i >= t.offset() && i < t.offset() + t.size()).count() < n) {
        picked.add((int) (t.offset() + rng.nextLong(t.size())));
      }
    }
    int total = (int) Math.min(count, layout.numParams());
    while (picked.size() < total) {
      picked.add((int) rng.nextLong(layout.numParams()));
    }
    return picked.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** Row-major copy of any array (views included). */
  public static double[] flat(INDArray a) {
    return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
  }

  /** A DOUBLE {@code [rows, cols]} array from a row-major Java array. */
  public static INDArray matrix(double[] data, long rows, long cols) {
    return Nd4j.create(Arrays.copyOf(data, data.length), new long[] {rows, cols});
  }

  /** A DOUBLE vector. */
  public static INDArray vector(double[] data) {
    return Nd4j.createFromArray(data.clone());
  }

  /** The entries of {@code values} at {@code indices}. */
  public static double[] pick(double[] values, int[] indices) {
    double[] out = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      out[k] = values[indices[k]];
    }
    return out;
  }

  /** {@code sum_i a[i] b[i]}. */
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** {@code n} draws of N(0, 1). */
  public static double[] gaussians(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = rng.nextGaussian();
    }
    return out;
  }
}
