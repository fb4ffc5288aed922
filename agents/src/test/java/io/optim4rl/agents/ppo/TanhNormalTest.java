package io.optim4rl.agents.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optim4rl.agents.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class TanhNormalTest {

  private static final double[][] CASES = {
    {0.3, -0.2, 0.7, 0.4}, {-1.2, 0.5, -0.9, -1.3}, {0.0, -3.0, 2.5, 0.1}, {2.0, 1.5, -4.0, 2.2}
  }; // loc, raw, u, eps

  @Test
  void logDetJacobianIsLogOneMinusTanhSquaredAndStableForLargeU() {
    for (double u : new double[] {-3, -0.5, 0, 0.25, 2}) {
      double t = Math.tanh(u);
      assertEquals(Math.log(1 - t * t), TanhNormal.logDetJacobian(u), 1e-12);
    }
    // 1 - tanh(40)^2 underflows in double; the stable form gives 2 (log 2 - 40 - softplus(-80)) ~ -78.61
    assertEquals(2 * (Math.log(2) - 40), TanhNormal.logDetJacobian(40), 1e-9);
  }

  @Test
  void logProbIsTheNormalDensityMinusTheJacobian() {
    double loc = 0.3;
    double raw = -0.2;
    double u = 0.7;
    double s = Math.log1p(Math.exp(raw)) + 0.001;
    double normal = -0.5 * Math.pow((u - loc) / s, 2) - Math.log(s * Math.sqrt(2 * Math.PI));
    double t = Math.tanh(u);
    assertEquals(normal - Math.log(1 - t * t), TanhNormal.logProb(loc, raw, u), 1e-12);
  }

  @Test
  void logProbGradientMatchesFiniteDifferences() {
    for (double[] c : CASES) {
      double u = c[2];
      double[] num = FiniteDifferences.gradient(x -> TanhNormal.logProb(x[0], x[1], u), new double[] {c[0], c[1]},
          new int[] {0, 1});
      double[] ana = {TanhNormal.logProbDLoc(c[0], c[1], u), TanhNormal.logProbDRaw(c[0], c[1], u)};
      FiniteDifferences.assertAgree("logProb", ana, num, FiniteDifferences.CLOSED_FORM_TOL);
    }
  }

  @Test
  void entropyGradientFlowsThroughTheReparametrisedSample() {
    for (double[] c : CASES) {
      double eps = c[3];
      double[] num = FiniteDifferences.gradient(x -> TanhNormal.entropy(x[0], x[1], eps), new double[] {c[0], c[1]},
          new int[] {0, 1});
      double[] ana = {TanhNormal.entropyDLoc(c[0], c[1], eps), TanhNormal.entropyDRaw(c[0], c[1], eps)};
      FiniteDifferences.assertAgree("entropy", ana, num, FiniteDifferences.CLOSED_FORM_TOL);
    }
  }
}
