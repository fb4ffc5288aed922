package io.optim4rl.lopt.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.optim4rl.agents.testing.Golden;
import org.junit.jupiter.api.Test;

class PipelineScheduleTest {

  @Test
  void offsetsMatchTheGoldenFloat32Linspace() {
    JsonNode cases = Golden.load("pipeline_offsets.json").get("cases");
    assertTrue(cases.size() >= 5);
    for (JsonNode c : cases) {
      int m = c.get("m").asInt();
      int n = c.get("n").asInt();
      assertArrayEquals(Golden.ints(c.get("offsets")), new PipelineSchedule(m, n).offsets(), "m=" + m + " n=" + n);
    }
  }

  @Test
  void resetsFollowTheScheduleAndEveryUnitStartsFresh() {
    PipelineSchedule s = new PipelineSchedule(32, 64);
    for (int u = 0; u < 64; u++) {
      assertTrue(s.resetsAt(1, u));
    }
    // unit 3 has offset 1 (Appendix C: 0,0,0,1,1,...): reset at t = 2, 34, 66
    assertEquals(1, s.offsets()[3]);
    assertTrue(s.resetsAt(2, 3));
    assertFalse(s.resetsAt(3, 3));
    assertTrue(s.resetsAt(34, 3));
    int resetsPerIteration = 0;
    for (int u = 0; u < 64; u++) {
      resetsPerIteration += s.resetsAt(40, u) ? 1 : 0;
    }
    assertEquals(2, resetsPerIteration, "m = 32, n = 64: every offset is used twice");
    PipelineSchedule none = new PipelineSchedule(PipelineSchedule.NO_PIPELINE, 8);
    assertTrue(none.resetsAt(1, 5));
    for (int t = 2; t < 100; t++) {
      assertFalse(none.resetsAt(t, 0));
    }
  }
}
