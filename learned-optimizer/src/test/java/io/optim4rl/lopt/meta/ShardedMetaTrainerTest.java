package io.optim4rl.lopt.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.lopt.LearnedOptimizerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * A run split into shards (each owning a contiguous range of every task's units, exchanging per-unit results
 * every iteration) computes exactly the unsharded run's meta-parameters and reports, on every shard.
 */
class ShardedMetaTrainerTest {

  private static MetaTrainSettings settings(LearnedOptimizerKind kind, int units, int resetInterval) {
    List<MetaTrainSettings.TaskSpec> tasks = List.of(new MetaTrainSettings.TaskSpec("catch", 1.0, 1e-3),
        new MetaTrainSettings.TaskSpec("small_sparse_short", 0.5, 3e-3));
    return new MetaTrainSettings(11, tasks, units, 4, 20, 4, A2cLoss.Hyper.defaults(), 1.0, resetInterval, kind,
        new int[] {16, 16}, 1e-3, -1, 0.5, -1, 5, 1);
  }

  /** One shard's outcome: final meta-parameters and its reports without the timing. */
  private record Outcome(double[] metaParams, List<MetaStepReport> reports) {}

  private static Outcome train(MetaTrainSettings s, ShardExchange exchange) {
    List<MetaStepReport> reports = new ArrayList<>();
    try (MetaTrainer t = new MetaTrainer(s, MetaTrainer.initialMetaParams(s), null, exchange)) {
      double[] mp = t.run(1, (rs, p, st) -> rs.forEach(r -> reports.add(new MetaStepReport(r.iteration(), r.task(),
          r.envSteps(), r.metaLoss(), r.metaGradNorm(), r.meanReturn(), r.episodes(), r.resets(), r.nanEvents(), 0))))
          .values();
      return new Outcome(mp, reports);
    }
  }

  /** Runs {@code shards} shards on threads with an in-memory all-gather. */
  private static List<Outcome> trainSharded(MetaTrainSettings s, int shards) {
    byte[][] board = new byte[shards][];
    CyclicBarrier written = new CyclicBarrier(shards);
    CyclicBarrier read = new CyclicBarrier(shards);
    List<CompletableFuture<Outcome>> futures = new ArrayList<>();
    for (int k = 0; k < shards; k++) {
      int shard = k;
      ShardExchange ex = new ShardExchange() {
        @Override
        public int shard() {
          return shard;
        }

        @Override
        public int shards() {
          return shards;
        }

        @Override
        public List<byte[]> allGather(byte[] message) {
          try {
            board[shard] = message;
            written.await();
            List<byte[]> all = List.of(board.clone());
            read.await();
            return all;
          } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException(e);
          }
        }
      };
      futures.add(CompletableFuture.supplyAsync(() -> train(s, ex)));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void twoAndThreeShardsEqualTheUnshardedRunBitForBit() {
    MetaTrainSettings s = settings(LearnedOptimizerKind.OPTIM4RL, 7, 4);
    Outcome whole = train(s, ShardExchange.single());
    for (int shards : new int[] {2, 3}) {
      for (Outcome o : trainSharded(s, shards)) {
        assertArrayEquals(whole.metaParams(), o.metaParams(), shards + " shards: meta-parameters");
        assertEquals(whole.reports(), o.reports(), shards + " shards: reports");
      }
    }
  }

  @Test
  void referenceEngineShardsEqualTheUnshardedRun() {
    MetaTrainSettings s = settings(LearnedOptimizerKind.LINEAR_OPTIM, 4, -1);
    Outcome whole = train(s, ShardExchange.single());
    for (Outcome o : trainSharded(s, 2)) {
      assertArrayEquals(whole.metaParams(), o.metaParams());
      assertEquals(whole.reports(), o.reports());
    }
  }

  @Test
  void unitsAreSplitIntoContiguousBalancedRanges() {
    int[] firsts = new int[4];
    for (int s = 0; s <= 3; s++) {
      firsts[s] = ShardExchange.firstUnit(10, s, 3);
    }
    assertEquals("[0, 3, 6, 10]", Arrays.toString(firsts));
    assertThrows(IllegalArgumentException.class, () -> ShardExchange.firstUnit(2, 0, 3));
  }
}
