package io.optim4rl.envs.control.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's bookkeeping (not its speed: benchmarks are not timed unit tests). */
class MujocoBenchmarkTest {

  @Test
  void resultIsConsistent() {
    assumeTrue(Mujoco.isAvailable(), "MuJoCo 2.2.2 not installed");
    MujocoBenchmark.Result r = MujocoBenchmark.measure("walker2d", 3, 10, 1L);
    assertEquals("walker2d", r.task());
    assertEquals(30, r.controlSteps());
    assertEquals(120, r.physicsSteps());
    assertEquals(4 * r.controlStepsPerSecond(), r.physicsStepsPerSecond(), 1e-6 * r.physicsStepsPerSecond());
    String table = MujocoBenchmark.run(List.of("inverted_double_pendulum"), 2, 5);
    String[] lines = table.split("\n");
    assertEquals(2, lines.length);
    assertEquals(MujocoBenchmark.header(), lines[0]);
    assertEquals(lines[0].length(), lines[1].length());
    assertTrue(lines[1].startsWith("inverted_double_pendulum"));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> MujocoBenchmark.measure("ant", 1, 0, 1L));
    assertThrows(IllegalArgumentException.class, () -> MujocoBenchmark.main(new String[] {"--bogus", "1"}));
    assertThrows(IllegalArgumentException.class, () -> MujocoBenchmark.main(new String[] {"--envs"}));
  }
}
