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

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
