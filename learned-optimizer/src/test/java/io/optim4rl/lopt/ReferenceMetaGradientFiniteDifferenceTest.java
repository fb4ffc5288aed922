package io.optim4rl.lopt;

import io.optim4rl.agents.testing.FiniteDifferences;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact BPTT meta-gradient of the double reference ({@link ReferenceUnroll}, REFERENCE 5.2) against
 * central finite differences of the meta-loss L = sum_k sum_c a_c update_k[c], for every meta-parameter
 * of every learned optimizer, on a short random unroll (3 coordinates, 3 steps, random hidden state and
 * random meta-parameters, one exactly-zero and one tiny gradient). Tolerance: STYLE.md's "through
 * networks" relative 1e-3 (the observed errors are below 1e-6).
 */
class ReferenceMetaGradientFiniteDifferenceTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"optim4rl, 16;16", "optim4rl, ''", "linearoptim, ''", "linearoptim, 16", "l2lgd2, ''", "l2lgd2, 8;8"})
  void metaGradientMatchesFiniteDifferences(String kindName, String dims) {
    LearnedOptimizerKind kind = LearnedOptimizerKind.parse(kindName);
    int[] mlpDims = dims.isEmpty() ? new int[0]
        : java.util.Arrays.stream(dims.split(";")).mapToInt(Integer::parseInt).toArray();
    SplittableRandom rng = new SplittableRandom(17);
    MetaParams base = MetaParams.init(kind, mlpDims, rng);
    double[] phi = base.values();
    for (int i = 0; i < phi.length; i++) {
      phi[i] += 0.2 * rng.nextGaussian(); // biases away from 0, kernels away from the init
    }
    double[][] g = {{0.3, 0.0, -2e-6}, {-0.7, 0.0, 0.05}, {1.0, 0.0, -0.4}};
    double[][] h0 = new double[3][kind.stateSize()];
    for (double[] row : h0) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 0.5 * rng.nextGaussian();
      }
    }
    double[] adjoint = {0.9, -1.2, 0.6};
    double lr = 0.01;
    MetaParams at = base.withValues(phi);
    double[] analytic = ReferenceUnroll.run(at, h0, g, adjoint, lr).metaGradient();
    int[] all = IntStream.range(0, phi.length).toArray();
    double[] numeric = FiniteDifferences.gradient(
        p -> ReferenceUnroll.metaLoss(base.withValues(p), h0, g, adjoint, lr), phi, all);
    FiniteDifferences.assertAgree(kindName + " " + dims, analytic, numeric, FiniteDifferences.NETWORK_TOL);
  }
}
