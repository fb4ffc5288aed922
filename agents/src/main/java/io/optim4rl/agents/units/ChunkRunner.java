package io.optim4rl.agents.units;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs a body once per chunk index, in parallel on a {@link ForkJoinPool} (or sequentially without one),
 * and returns when all are done. The pool is borrowed, never shut down. With the common pool the calling
 * thread works too, so a 2-core machine (common-pool parallelism 1) still uses both cores.
 */
final class ChunkRunner {

  private final ForkJoinPool pool;
  private final int chunks;

  /**
   * @param pool the pool to run on; null runs every chunk on the calling thread
   * @param numUnits units to split (chunks are at most this many)
   */
  ChunkRunner(ForkJoinPool pool, int numUnits) {
    this.pool = pool;
    int threads = pool == null ? 1
        : pool.getParallelism() + (pool == ForkJoinPool.commonPool() ? 1 : 0);
    this.chunks = Math.max(1, Math.min(numUnits, threads == 1 ? 1 : 2 * threads));
  }

  int chunks() {
    return chunks;
  }

  /** First unit of chunk c (chunks are contiguous and as equal as possible). */
  static int chunkStart(int c, int chunks, int numUnits) {
    return (int) ((long) c * numUnits / chunks);
  }

  /** Runs {@code body(c)} for every chunk c and waits; the first exception thrown is rethrown. */
  void run(IntConsumer body) {
    if (pool == null || chunks == 1) {
      for (int c = 0; c < chunks; c++) {
        body.accept(c);
      }
      return;
    }
    Thread current = Thread.currentThread();
    boolean inPool = current instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    boolean callerHelps = pool == ForkJoinPool.commonPool() && !(current instanceof ForkJoinWorkerThread);
    if (inPool || callerHelps) {
      IntStream.range(0, chunks).parallel().forEach(body);
    } else {
      pool.invoke(ForkJoinTask.adapt(() -> IntStream.range(0, chunks).parallel().forEach(body)));
    }
  }
}
