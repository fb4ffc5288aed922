package io.optim4rl.lopt.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.envs.Seeds;
import io.optim4rl.lopt.Engines;
import io.optim4rl.lopt.LearnedOptimizerEngine;
import io.optim4rl.lopt.LearnedOptimizerKind;
import io.optim4rl.lopt.MetaParams;
import io.optim4rl.lopt.Optim4RlKernel;
import io.optim4rl.lopt.Optim4RlScalarKernel;
import io.optim4rl.lopt.Optim4RlVectorKernel;
import io.optim4rl.lopt.ReferenceEngine;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The fused Optim4RL engine and the double-precision reference engine agree on a multi-iteration unroll
 * with unit resets (updates and per-unit meta-gradients), so every kind meta-trains on the same contract.
 */
class EngineAgreementTest {

  private static final int UNITS = 3;
  private static final int P = 5000;
  private static final int M = 4;

  @Test
  void scalarKernelEngineAndReferenceEngineAgreeOverIterationsAndResets() {
    check(Optim4RlScalarKernel.instance());
  }

  /**
   * Known issue: on thousands of coordinates with gradients of mixed tiny magnitudes the vector kernel's
   * meta-gradient drifts from the reference by a few percent up to ~20% on some entries (the scalar float
   * kernel agrees to about 1e-6). Enable once the vector kernel is fixed.
   */
  @Test
  void vectorKernelEngineAndReferenceEngineAgreeOverIterationsAndResets() {
    check(Optim4RlVectorKernel.instance());
  }

  private static void check(Optim4RlKernel kernel) {
    MetaParams mp = MetaParams.init(LearnedOptimizerKind.OPTIM4RL, new int[] {16, 16}, Seeds.stream(3, "meta", 0));
    ForkJoinPool pool = new ForkJoinPool(2);
    LearnedOptimizerEngine fused = Engines.create(LearnedOptimizerKind.OPTIM4RL, kernel, pool, mp, UNITS * P, M, 3e-3,
        1.0);
    LearnedOptimizerEngine ref = new ReferenceEngine(mp, UNITS * P, M, 3e-3, 1.0);
    SplittableRandom rng = new SplittableRandom(11);
    float[] g = new float[UNITS * P];
    float[] uf = new float[g.length];
    float[] ur = new float[g.length];
    float[] adjoint = new float[g.length];
    for (int iteration = 0; iteration < 3; iteration++) {
      if (iteration == 2) {
        fused.resetHidden(P, 2 * P);
        ref.resetHidden(P, 2 * P);
      }
      for (int k = 0; k < M; k++) {
        for (int c = 0; c < g.length; c++) {
          g[c] = c % 7 == 0 ? 0f : (float) (rng.nextGaussian() * Math.pow(10, -rng.nextInt(5)));
        }
        fused.forward(k, g, uf);
        ref.forward(k, g, ur);
        for (int c = 0; c < g.length; c++) {
          assertEquals(ur[c], uf[c], 1e-4 * Math.abs(ur[c]) + 1e-9, "update of coordinate " + c);
          if (g[c] == 0f) {
            assertEquals(0f, uf[c], "zero gradient, zero update");
          }
        }
      }
      for (int c = 0; c < g.length; c++) {
        adjoint[c] = (float) rng.nextGaussian();
      }
      double[][] a = fused.metaGradients(adjoint, UNITS, P);
      double[][] b = ref.metaGradients(adjoint, UNITS, P);
      for (int u = 0; u < UNITS; u++) {
        double max = 0;
        for (double v : b[u]) {
          max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0);
        for (int i = 0; i < b[u].length; i++) {
          assertEquals(b[u][i], a[u][i], 2e-3 * Math.abs(b[u][i]) + 2e-4 * max,
              "iteration " + iteration + " unit " + u + " meta-parameter " + i);
        }
      }
      fused.endIteration();
      ref.endIteration();
    }
    pool.shutdown();
  }
}
