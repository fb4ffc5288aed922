package io.optim4rl.lopt.meta;

import java.util.List;

/**
 * How the shards of one sharded meta-training run meet every outer iteration (ARCHITECTURE 3.2): shard s of
 * S owns a contiguous range of every task's training units ({@link #firstUnit}); each shard contributes its
 * units' per-unit results and receives every shard's, in shard order, so that all shards reduce the same
 * numbers in the same (global unit) order and apply the same meta-optimizer step. On Spark this is a
 * barrier stage's {@code allGather}; {@link #single()} is the unsharded case.
 */
public interface ShardExchange {

  /** This shard's index, 0-based. */
  int shard();

  /** The number of shards. */
  int shards();

  /**
   * Blocks until every shard has contributed its message, then returns all messages in shard order
   * (this shard's own included).
   */
  List<byte[]> allGather(byte[] message);

  /** The unsharded run: one shard, nothing exchanged. */
  static ShardExchange single() {
    return new ShardExchange() {
      @Override
      public int shard() {
        return 0;
      }

      @Override
      public int shards() {
        return 1;
      }

      @Override
      public List<byte[]> allGather(byte[] message) {
        return List.of(message);
      }
    };
  }

  /** The first of the units {@code [firstUnit(s), firstUnit(s + 1))} that shard s of {@code shards} owns. */
  static int firstUnit(int units, int shard, int shards) {
    if (shards < 1 || shard < 0 || shard > shards || units < shards) {
      throw new IllegalArgumentException("cannot split " + units + " units into " + shards + " shards (shard "
          + shard + "); use at most as many shards as units");
    }
    return (int) ((long) units * shard / shards);
  }
}
