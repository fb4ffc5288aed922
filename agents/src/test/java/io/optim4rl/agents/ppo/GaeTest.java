package io.optim4rl.agents.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** 2x5 hand cases for {@link Gae} (brax 0.9.4 {@code compute_gae} semantics). */
class GaeTest {

  private static final double TOL = 1e-12;
  private static final double[] R = {1, 0, 2, 0, 1, 0.5, 0.5, 0.5, 0.5, 0.5};
  private static final double[] V = {0.5, 0.4, 0.3, 0.2, 0.1, 1, 1, 1, 1, 1};
  private static final double[] BOOT = {0.7, 2.0};
  private static final double[] NONE = new double[10];

  @Test
  void lambdaOneWithoutEpisodeEndsGivesDiscountedReturnsBootstrapped() {
    double g = 0.9;
    Gae.Result r = Gae.compute(2, 5, R, NONE, NONE, V, BOOT, g, 1.0);
    double[] expected = new double[10];
    for (int j = 0; j < 2; j++) {
      double ret = BOOT[j];
      for (int t = 4; t >= 0; t--) {
        ret = R[j * 5 + t] + g * ret;
        expected[j * 5 + t] = ret;
      }
    }
    assertArrayEquals(expected, r.valueTargets(), TOL);
    double[] adv = new double[10];
    for (int i = 0; i < 10; i++) {
      double next = i % 5 == 4 ? BOOT[i / 5] : expected[i + 1];
      adv[i] = R[i] + g * next - V[i];
    }
    assertArrayEquals(adv, r.advantages(), TOL);
  }

  @Test
  void lambdaZeroIsOneStepTd() {
    double g = 0.9;
    Gae.Result r = Gae.compute(2, 5, R, NONE, NONE, V, BOOT, g, 0.0);
    for (int i = 0; i < 10; i++) {
      double next = i % 5 == 4 ? BOOT[i / 5] : V[i + 1];
      assertArrayEquals(new double[] {R[i] + g * next}, new double[] {r.valueTargets()[i]}, TOL);
    }
  }

  /** Termination at t = 2 of trajectory 0: no bootstrap from v_3, the recursion restarts at t = 2. */
  @Test
  void terminationRemovesTheBootstrap() {
    double g = 0.5;
    double l = 0.5;
    double[] term = new double[10];
    term[2] = 1;
    Gae.Result r = Gae.compute(2, 5, R, term, NONE, V, BOOT, g, l);
    // hand computation, trajectory 0 (r = 1, 0, 2, 0, 1; v = .5, .4, .3, .2, .1; bootstrap .7)
    double d4 = 1 + 0.5 * 0.7 - 0.1; // 1.25
    double d3 = 0 + 0.5 * 0.1 - 0.2; // -0.15
    double d2 = 2 - 0.3; // 1.7, terminated
    double d1 = 0 + 0.5 * 0.3 - 0.4; // -0.25
    double d0 = 1 + 0.5 * 0.4 - 0.5; // 0.7
    double a4 = d4;
    double a3 = d3 + 0.25 * a4;
    double a2 = d2;
    double a1 = d1 + 0.25 * a2;
    double a0 = d0 + 0.25 * a1;
    double[] vs = {a0 + 0.5, a1 + 0.4, a2 + 0.3, a3 + 0.2, a4 + 0.1};
    for (int t = 0; t < 5; t++) {
      assertArrayEquals(new double[] {vs[t]}, new double[] {r.valueTargets()[t]}, TOL, "vs_" + t);
    }
    double adv2 = 2 - 0.3; // terminated: no vs_3
    double adv1 = 0 + 0.5 * vs[2] - 0.4;
    assertArrayEquals(new double[] {adv1, adv2}, new double[] {r.advantages()[1], r.advantages()[2]}, TOL);
  }

  /** Truncation at t = 2 of trajectory 1: zero delta and advantage there, vs = v, recursion cut. */
  @Test
  void truncationMasksTheStepAndStopsTheRecursion() {
    double g = 0.5;
    double l = 0.5;
    double[] trunc = new double[10];
    trunc[7] = 1;
    Gae.Result r = Gae.compute(2, 5, R, NONE, trunc, V, BOOT, g, l);
    // trajectory 1: r = .5, v = 1, bootstrap 2
    double d9 = 0.5 + 0.5 * 2 - 1; // 0.5
    double d8 = 0.5 + 0.5 - 1; // 0
    double a9 = d9;
    double a8 = d8 + 0.25 * a9;
    double a7 = 0; // truncated
    double a6 = 0 + 0.25 * a7; // the step before the truncated one does bootstrap from v_7 (delta 0)
    double a5 = 0 + 0.25 * a6;
    double[] vs = {a5 + 1, a6 + 1, a7 + 1, a8 + 1, a9 + 1};
    for (int t = 0; t < 5; t++) {
      assertArrayEquals(new double[] {vs[t]}, new double[] {r.valueTargets()[5 + t]}, TOL, "vs_" + t);
    }
    assertArrayEquals(new double[] {0.0}, new double[] {r.advantages()[7]}, 0.0);
    double adv6 = 0.5 + 0.5 * vs[2] - 1; // = 0
    assertArrayEquals(new double[] {adv6}, new double[] {r.advantages()[6]}, TOL);
  }
}
