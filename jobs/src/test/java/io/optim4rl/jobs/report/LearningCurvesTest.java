package io.optim4rl.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningCurvesTest {

  private static final double EXACT = 1e-12;

  @Test
  void sparseEvaluationsKeepOnePointEachAndAverageOverSeeds() {
    List<LearningCurves.Sample> s = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      for (int e = 0; e <= 10; e++) {
        s.add(new LearningCurves.Sample("ant", "adam", seed, e * 1000L, e + seed));
      }
    }
    LearningCurves.Curve c = LearningCurves.summarize(s).get("ant").get(0);
    assertEquals(11, c.steps().length, "11 evaluations, 11 points");
    assertEquals(5000, c.steps()[5], EXACT);
    assertEquals(5 + 2, c.mean()[5], EXACT, "mean of 6, 7, 8");
    assertTrue(c.lo()[5] >= 6 && c.lo()[5] < 7 && c.hi()[5] > 7 && c.hi()[5] <= 8, "interval within the data");
    assertEquals(3, c.seeds()[0]);
  }

  @Test
  void denseLogsAreBinnedPerRunBeforeTheSeedSummary() {
    List<LearningCurves.Sample> s = new ArrayList<>();
    // seed 1 logs every 10 steps with value 1, seed 2 only every 20 steps with value 3: each bin weighs the
    // two runs equally whatever their number of rows
    for (long t = 0; t < 1000; t += 10) {
      s.add(new LearningCurves.Sample("catch", "rmsprop", 1, t, 1));
      if (t % 20 == 0) {
        s.add(new LearningCurves.Sample("catch", "rmsprop", 2, t, 3));
      }
    }
    s.add(new LearningCurves.Sample("catch", "rmsprop", 1, 500, Double.NaN));
    Map<String, List<LearningCurves.Curve>> out = LearningCurves.summarize(s);
    LearningCurves.Curve c = out.get("catch").get(0);
    assertEquals(LearningCurves.MAX_POINTS, c.steps().length);
    double[] two = new double[c.mean().length];
    java.util.Arrays.fill(two, 2.0);
    assertArrayEquals(two, c.mean(), EXACT);
    for (int i = 1; i < c.steps().length; i++) {
      assertTrue(c.steps()[i] > c.steps()[i - 1], "x increases");
    }
  }

  @Test
  void panelDrawsBandsAndLegends() {
    List<LearningCurves.Sample> s = new ArrayList<>();
    for (long seed = 1; seed <= 2; seed++) {
      for (int e = 0; e <= 4; e++) {
        s.add(new LearningCurves.Sample("walker2d", "adam", seed, e * 100L, e * seed));
        s.add(new LearningCurves.Sample("walker2d", "optim4rl", seed, e * 100L, -e * seed));
      }
    }
    Canvas c = LearningCurves.panel("walker2d", LearningCurves.summarize(s).get("walker2d"));
    String svg = c.svg();
    assertEquals(2, svg.split("<polygon", -1).length - 1, "one interval band per curve");
    assertTrue(svg.contains(">adam</text>") && svg.contains(">optim4rl</text>"));
  }
}
