package io.optim4rl.agents.ppo;

import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import io.optim4rl.agents.testing.FiniteDifferences;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float gradient of {@link PpoGradient} (policy and value parameters) against central finite
 * differences of an independent double-precision scalar-loop forward pass of the same loss.
 */
class PpoGradientCheckTest {

  private static final int OBS = 3;
  private static final int ACT = 2;
  private static final int TRAJ = 4;
  private static final int STEPS = 5;

  @Test
  void fullPpoLossGradientMatchesFiniteDifferencesOfADoubleReference() {
    PpoConfig config = PpoConfig.builder().numEnvs(1).batchSize(3).numMinibatches(1).unrollLength(STEPS)
        .gamma(0.9).gaeLambda(0.95).clipEpsilon(0.2).entropyCost(0.05).valueWeight(0.5).rewardScaling(2.0)
        .policyHidden(5, 4).valueHidden(6, 5).build();
    PpoNetworks nets = PpoNetworks.of(OBS, ACT, config);
    SplittableRandom rng = new SplittableRandom(11);
    float[] params = nets.init(rng);
    for (int i = 0; i < params.length; i++) {
      params[i] += (float) (0.1 * rng.nextGaussian()); // non-zero biases too
    }
    PpoBatch batch = randomBatch(rng);
    RunningStatistics stats = batch.updateStatistics(RunningStatistics.init(OBS));
    int[] trajectories = {2, 0, 3};
    PpoGradient gradient = new PpoGradient(nets, config, 3, STEPS);
    PpoLoss.Inputs inputs = gradient.inputs(batch, trajectories, 0, 3, new SplittableRandom(3));
    float[] analytic = new float[nets.numParams()];
    PpoLoss.Terms terms = gradient.compute(params, stats, batch, trajectories, 0, 3, inputs, analytic);

    float[] x = normalizedInputs(batch, stats, trajectories);
    double[] p = new double[params.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = params[i];
    }
    Gae.Result targets = referenceTargets(nets, config, p, x, inputs); // held constant: stop-gradient
    double reference = referenceLoss(nets, config, p, x, inputs, targets);
    org.junit.jupiter.api.Assertions.assertEquals(reference, terms.total(), 1e-5 * Math.max(1, Math.abs(reference)));
    int[] all = new int[p.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    double[] numeric = FiniteDifferences.gradient(q -> referenceLoss(nets, config, q, x, inputs, targets), p,
        all);
    double[] ana = new double[analytic.length];
    for (int i = 0; i < ana.length; i++) {
      ana[i] = analytic[i];
    }
    FiniteDifferences.assertAgree("dL/dparams", ana, numeric, FiniteDifferences.NETWORK_TOL);
  }

  private static PpoBatch randomBatch(SplittableRandom rng) {
    PpoBatch b = new PpoBatch(TRAJ, STEPS, OBS, ACT);
    for (int i = 0; i < b.observations.length; i++) {
      b.observations[i] = (float) (rng.nextGaussian() * 2 + 1);
    }
    for (int i = 0; i < b.lastObservations.length; i++) {
      b.lastObservations[i] = (float) (rng.nextGaussian() * 2 + 1);
    }
    for (int i = 0; i < b.rawActions.length; i++) {
      b.rawActions[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < TRAJ * STEPS; i++) {
      b.rewards[i] = (float) rng.nextGaussian();
      // behaviour log-probs far enough from the current ones that some ratios are clipped
      b.logProbs[i] = -2 + 0.8 * rng.nextGaussian();
    }
    b.termination[2 * STEPS + 1] = true;
    b.truncation[3] = true;
    b.truncation[3 * STEPS + 4] = true;
    return b;
  }

  /** The normalised step observations of the minibatch, then its bootstrap observations. */
  private static float[] normalizedInputs(PpoBatch b, RunningStatistics stats, int[] trajectories) {
    int rows = trajectories.length * STEPS;
    float[] x = new float[(rows + trajectories.length) * OBS];
    for (int k = 0; k < trajectories.length; k++) {
      int j = trajectories[k];
      stats.normalize(b.observations, j * STEPS * OBS, x, k * STEPS * OBS, STEPS);
      stats.normalize(b.lastObservations, j * OBS, x, (rows + k) * OBS, 1);
    }
    return x;
  }

  private static Gae.Result referenceTargets(PpoNetworks nets, PpoConfig config, double[] p, float[] x,
      PpoLoss.Inputs in) {
    double[][] out = referenceOutputs(nets, p, x, in);
    return PpoLoss.targets(config, in, out[1], out[2]);
  }

  private static double referenceLoss(PpoNetworks nets, PpoConfig config, double[] p, float[] x,
      PpoLoss.Inputs in, Gae.Result targets) {
    double[][] out = referenceOutputs(nets, p, x, in);
    return PpoLoss.compute(config, in, out[0], out[1], targets, null, null).total();
  }

  /** {policy outputs, values, bootstrap values} of the double reference networks. */
  private static double[][] referenceOutputs(PpoNetworks nets, double[] p, float[] x, PpoLoss.Inputs in) {
    int rows = in.samples();
    int count = in.numTrajectories();
    double[] policyOut = new double[rows * 2 * ACT];
    double[] values = new double[rows];
    double[] bootstrap = new double[count];
    for (int r = 0; r < rows + count; r++) {
      double[] input = new double[OBS];
      for (int k = 0; k < OBS; k++) {
        input[k] = x[r * OBS + k];
      }
      double v = mlp(nets.layout(), "value", nets.valueHidden().length + 1, p, input)[0];
      if (r < rows) {
        values[r] = v;
        double[] out = mlp(nets.layout(), "policy", nets.policyHidden().length + 1, p, input);
        System.arraycopy(out, 0, policyOut, r * 2 * ACT, 2 * ACT);
      } else {
        bootstrap[r - rows] = v;
      }
    }
    return new double[][] {policyOut, values, bootstrap};
  }

  /** A plain double MLP: swish after every layer but the last. */
  private static double[] mlp(ParamLayout layout, String prefix, int layers, double[] p, double[] input) {
    double[] a = input;
    for (int l = 0; l < layers; l++) {
      ParamTensor kernel = layout.get(prefix + "/hidden_" + l + "/kernel");
      ParamTensor bias = layout.get(prefix + "/hidden_" + l + "/bias");
      int in = (int) kernel.shape()[0];
      int out = (int) kernel.shape()[1];
      double[] z = new double[out];
      for (int j = 0; j < out; j++) {
        double s = p[(int) bias.offset() + j];
        for (int i = 0; i < in; i++) {
          s += a[i] * p[(int) kernel.offset() + i * out + j];
        }
        z[j] = l < layers - 1 ? s / (1 + Math.exp(-s)) : s;
      }
      a = z;
    }
    return a;
  }
}
