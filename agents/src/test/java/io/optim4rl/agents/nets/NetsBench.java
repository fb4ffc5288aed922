package io.optim4rl.agents.nets;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark (not a test): forward and backward time of each net in FLOAT on the A2C loss batch of a
 * gridworld run, {@code (T + 1) * 512 = 10,752} rows by default, with gridworld-like observations (one hot
 * cell per plane). Prints a table. Run from the repository root after {@code mvn -o -pl agents
 * test-compile} with the test classpath, e.g. {@code java -cp <cp> io.optim4rl.agents.nets.NetsBench
 * [rows] [repeats]}.
 */
public final class NetsBench {

  private NetsBench() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 21 * 512;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String[] tasks = {"small_dense_short", "catch", "big_sparse_short", "big_dense_long"};
    System.out.printf("rows %d, FLOAT, %d repeats (after 3 warm-up), ND4J threads %d%n", rows, repeats,
        Nd4j.getEnvironment().maxThreads());
    System.out.printf("%-18s %-8s %8s %12s %12s %12s%n", "task", "net", "params", "forward ms",
        "backward ms", "total ms");
    for (String task : tasks) {
      ActorCriticNet net = Nets.forTask(task);
      INDArray params = net.init(new SplittableRandom(1), DataType.FLOAT);
      INDArray obs = observations(net.observationShape(), rows, 2);
      INDArray dLogits = Nd4j.rand(DataType.FLOAT, rows, net.numActions());
      INDArray dValues = Nd4j.rand(DataType.FLOAT, rows);
      double fwd = 0;
      double bwd = 0;
      for (int r = 0; r < repeats + 3; r++) {
        long t0 = System.nanoTime();
        ActorCriticNet.Forward f = net.forward(params, obs);
        long t1 = System.nanoTime();
        net.backward(params, f, dLogits, dValues);
        long t2 = System.nanoTime();
        if (r >= 3) {
          fwd += (t1 - t0) / 1e6;
          bwd += (t2 - t1) / 1e6;
        }
      }
      System.out.printf("%-18s %-8s %8d %12.1f %12.1f %12.1f%n", task, net.name(),
          net.layout().numParams(), fwd / repeats, bwd / repeats, (fwd + bwd) / repeats);
    }
  }

  /** One hot cell per plane (gridworlds) or per row-pair (catch: ball and paddle), FLOAT. */
  static INDArray observations(int[] shape, int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int planeSize = shape[1] * shape[2];
    int size = shape[0] * planeSize;
    float[] obs = new float[rows * size];
    int hotPerRow = shape[2] == 1 ? 2 : shape[0];
    for (int b = 0; b < rows; b++) {
      for (int p = 0; p < hotPerRow; p++) {
        int plane = shape[2] == 1 ? 0 : p;
        obs[b * size + plane * planeSize + rng.nextInt(planeSize)] = 1f;
      }
    }
    return Nd4j.create(obs, new long[] {rows, size});
  }
}
