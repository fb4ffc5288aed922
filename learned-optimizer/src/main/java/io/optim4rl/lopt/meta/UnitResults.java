package io.optim4rl.lopt.meta;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's per-unit results of an outer iteration, for a range of units in unit order: meta-gradients,
 * validation losses, returns and finished episodes, and the number of units reset. Shards exchange them
 * ({@link #gather}) so that every shard reduces all units in the same order as an unsharded run.
 */
record UnitResults(double[][] metaGradients, double[] losses, double[] returnSums, int[] episodes, int resets) {

  /** Every shard's results, per task, concatenated in shard order (= global unit order). */
  static List<UnitResults> gather(ShardExchange exchange, List<UnitResults> local) {
    List<byte[]> messages = exchange.allGather(encode(local));
    List<List<UnitResults>> byShard = new ArrayList<>();
    for (byte[] m : messages) {
      byShard.add(decode(m, local.size()));
    }
    List<UnitResults> out = new ArrayList<>();
    for (int task = 0; task < local.size(); task++) {
      List<UnitResults> parts = new ArrayList<>();
      for (List<UnitResults> shard : byShard) {
        parts.add(shard.get(task));
      }
      out.add(concat(parts));
    }
    return out;
  }

  static UnitResults concat(List<UnitResults> parts) {
    int n = parts.stream().mapToInt(p -> p.losses.length).sum();
    double[][] g = new double[n][];
    double[] losses = new double[n];
    double[] returns = new double[n];
    int[] episodes = new int[n];
    int resets = 0;
    int at = 0;
    for (UnitResults p : parts) {
      int k = p.losses.length;
      System.arraycopy(p.metaGradients, 0, g, at, k);
      System.arraycopy(p.losses, 0, losses, at, k);
      System.arraycopy(p.returnSums, 0, returns, at, k);
      System.arraycopy(p.episodes, 0, episodes, at, k);
      resets += p.resets;
      at += k;
    }
    return new UnitResults(g, losses, returns, episodes, resets);
  }

  /** Per task: units, resets, metaParams; per unit: episodes, loss, return sum, meta-gradient. */
  static byte[] encode(List<UnitResults> tasks) {
    int size = 0;
    for (UnitResults r : tasks) {
      int p = r.losses.length == 0 ? 0 : r.metaGradients[0].length;
      size += 12 + r.losses.length * (4 + 16 + 8 * p);
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    for (UnitResults r : tasks) {
      int p = r.losses.length == 0 ? 0 : r.metaGradients[0].length;
      b.putInt(r.losses.length).putInt(r.resets).putInt(p);
      for (int u = 0; u < r.losses.length; u++) {
        b.putInt(r.episodes[u]).putDouble(r.losses[u]).putDouble(r.returnSums[u]);
        for (double v : r.metaGradients[u]) {
          b.putDouble(v);
        }
      }
    }
    return b.array();
  }

  static List<UnitResults> decode(byte[] message, int numTasks) {
    ByteBuffer b = ByteBuffer.wrap(message);
    List<UnitResults> out = new ArrayList<>();
    for (int task = 0; task < numTasks; task++) {
      int n = b.getInt();
      int resets = b.getInt();
      int p = b.getInt();
      double[][] g = new double[n][p];
      double[] losses = new double[n];
      double[] returns = new double[n];
      int[] episodes = new int[n];
      for (int u = 0; u < n; u++) {
        episodes[u] = b.getInt();
        losses[u] = b.getDouble();
        returns[u] = b.getDouble();
        for (int i = 0; i < p; i++) {
          g[u][i] = b.getDouble();
        }
      }
      out.add(new UnitResults(g, losses, returns, episodes, resets));
    }
    if (b.hasRemaining()) {
      throw new IllegalStateException("shard message has " + b.remaining() + " bytes left over: shards disagree "
          + "on the tasks of the run");
    }
    return out;
  }
}
