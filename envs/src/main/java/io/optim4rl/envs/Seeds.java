package io.optim4rl.envs;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from a run seed, a purpose and an index.
 *
 * <p>Randomness is an explicit argument everywhere in this project: a stream is named by
 * (run seed, purpose, index), for example {@code (7, "env", 12)} for the dynamics of environment 12
 * of run seed 7, so results never depend on threads, partitions or executors.
 */
public final class Seeds {

  private Seeds() {}

  /** A 64-bit seed for the stream (runSeed, purpose, index), mixed with SplitMix64's finaliser. */
  public static long derive(long runSeed, String purpose, long index) {
    long h = mix(runSeed ^ 0x9E3779B97F4A7C15L);
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xFF));
    }
    return mix(h ^ mix(index + 0x632BE59BD9B4E019L));
  }

  /** A fresh generator for the stream (runSeed, purpose, index). */
  public static SplittableRandom stream(long runSeed, String purpose, long index) {
    return new SplittableRandom(derive(runSeed, purpose, index));
  }

  /**
   * The environment streams of instances {@code firstIndex .. firstIndex + numEnvs - 1} of a larger set:
   * element i is {@code stream(runSeed, "env", firstIndex + i)}, so a shard's instances draw exactly what
   * the same instances of the whole set draw.
   *
   * @throws IllegalArgumentException unless numEnvs &gt;= 1 and firstIndex &gt;= 0
   */
  public static SplittableRandom[] envStreams(long runSeed, int firstIndex, int numEnvs) {
    if (numEnvs < 1 || firstIndex < 0) {
      throw new IllegalArgumentException("numEnvs must be >= 1 and firstIndex >= 0, got " + numEnvs + ", "
          + firstIndex);
    }
    SplittableRandom[] streams = new SplittableRandom[numEnvs];
    for (int i = 0; i < numEnvs; i++) {
      streams[i] = stream(runSeed, "env", firstIndex + (long) i);
    }
    return streams;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
