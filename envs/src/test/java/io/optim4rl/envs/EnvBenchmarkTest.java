package io.optim4rl.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark's bookkeeping (not its speed: benchmarks are not timed unit tests). */
class EnvBenchmarkTest {

  @Test
  void resultIsConsistent() {
    EnvBenchmark.Result r = EnvBenchmark.run("bdl", 8, 0.05, 1L);
    assertEquals("big_dense_long", r.task());
    assertEquals(8, r.numEnvs());
    assertTrue(r.steps() > 0 && r.steps() % 8 == 0, "steps " + r.steps());
    assertTrue(r.seconds() >= 0.05);
    assertEquals(r.steps() / r.seconds(), r.stepsPerSecond(), 1e-6 * r.stepsPerSecond());
    assertTrue(r.observeIncluded());
    assertEquals(EnvBenchmark.header().length(), EnvBenchmark.row(r).length());
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> EnvBenchmark.run("catch", 4, 0.0, 1L));
    assertThrows(IllegalArgumentException.class,
        () -> EnvBenchmark.main(new String[] {"--envs", "4"}));
    assertThrows(IllegalArgumentException.class,
        () -> EnvBenchmark.main(new String[] {"--task", "catch", "--bogus", "1"}));
    assertThrows(IllegalArgumentException.class,
        () -> EnvBenchmark.main(new String[] {"--task"}));
  }
}
