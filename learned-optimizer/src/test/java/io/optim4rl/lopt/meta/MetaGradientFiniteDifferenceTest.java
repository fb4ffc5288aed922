package io.optim4rl.lopt.meta;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.agents.nets.ActorCriticNet;
import io.optim4rl.agents.nets.Nets;
import io.optim4rl.agents.testing.FiniteDifferences;
import io.optim4rl.lopt.LearnedOptimizerKind;
import io.optim4rl.lopt.MetaParams;
import io.optim4rl.lopt.ReferenceUnroll;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole first-order meta-gradient of REFERENCE 5.2 by central finite differences, in double: with the
 * inner gradients g_0..g_{M-1} and the validation trajectory held fixed, L(phi) = L_val(theta_0 +
 * sum_k update_k(phi)), and the meta-gradient is the BPTT of the learned optimizer with the adjoint
 * g_val = dL_val/dtheta at theta_M for every step. Checked for Optim4RL, LinearOptim and L2LGD2 (mlpDims [])
 * on a D32 agent (small_dense_short).
 */
class MetaGradientFiniteDifferenceTest {

  private static final int T = 5;
  private static final double LR = 3e-2;

  /**
   * mlpDims [] keeps the objective smooth: with [16, 16] the ReLUs of the optimizer's MLPs, evaluated
   * for hundreds of coordinates and steps, put kinks within a finite-difference step of the evaluation
   * point. The [16, 16] backward itself is checked against the golden meta-gradient (optim4rl.json).
   */
  @Test
  void optim4rl() {
    check(LearnedOptimizerKind.OPTIM4RL, new int[] {});
  }

  @Test
  void linearOptimAndL2lGd2() {
    check(LearnedOptimizerKind.LINEAR_OPTIM, new int[] {});
    check(LearnedOptimizerKind.L2L_GD2, new int[] {});
  }

  private static void check(LearnedOptimizerKind kind, int[] dims) {
    ActorCriticNet net = Nets.forTask("small_dense_short");
    SplittableRandom rng = new SplittableRandom(5);
    INDArray theta0 = net.init(rng, DataType.DOUBLE);
    int p = (int) net.layout().numParams();
    Trajectory traj = Trajectory.random(net, rng);
    double[][] g = new double[4][p];
    for (int k = 0; k < 4; k++) {
      for (int c = 0; c < p; c++) {
        // a few hundred live coordinates: fewer ReLU kinks of the optimizer MLPs for the finite differences to straddle
        g[k][c] = c % 16 != 0 ? 0 : rng.nextGaussian() * Math.pow(10, -rng.nextInt(4));
      }
    }
    MetaParams phi = MetaParams.init(kind, dims, new SplittableRandom(9));
    double[] thetaM = thetaAfter(theta0, phi, g);
    double[] adjoint = traj.gradient(net, thetaM);
    double[] full = ReferenceUnroll.run(phi, null, g, adjoint, LR).metaGradient();
    // 48 meta-parameters spread over every tensor (each FD point re-runs the whole unroll)
    int[] idx = new int[48];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = (int) ((long) i * phi.numParams() / idx.length) + rng.nextInt(Math.max(1, phi.numParams() / idx.length));
    }
    double[] analytic = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      analytic[i] = full[idx[i]];
    }
    // the A2C gradient is a semi-gradient: hold the targets G and the actor's advantages at their theta_M values
    A2cLoss.Result atM = traj.evaluate(net, net.forward(Nd4j.createFromArray(thetaM), traj.obs()));
    double[] numeric = FiniteDifferences.gradient(
        v -> traj.fixedTargetLoss(net, thetaAfter(theta0, phi.withValues(v), g), atM), phi.values(), idx);
    FiniteDifferences.assertAgree(kind + " " + java.util.Arrays.toString(dims), analytic, numeric,
        FiniteDifferences.NETWORK_TOL);
  }

  private static double[] thetaAfter(INDArray theta0, MetaParams phi, double[][] g) {
    double[][] updates = ReferenceUnroll.run(phi, null, g, new double[g[0].length], LR).updates();
    double[] theta = theta0.toDoubleVector();
    for (double[] u : updates) {
      for (int c = 0; c < theta.length; c++) {
        theta[c] += u[c];
      }
    }
    return theta;
  }

  /** A fixed validation rollout of one env (one-hot observations, actions, rewards, dones). */
  private record Trajectory(INDArray obs, int[] actions, float[] rewards, boolean[] dones) {

    static Trajectory random(ActorCriticNet net, SplittableRandom rng) {
      int d = 1;
      for (int s : net.observationShape()) {
        d *= s;
      }
      double[] o = new double[(T + 1) * d];
      for (int t = 0; t <= T; t++) {
        for (int hot = 0; hot < 3; hot++) {
          o[t * d + hot * d / 3 + rng.nextInt(d / 3)] = 1;
        }
      }
      int[] a = new int[T];
      float[] r = new float[T];
      boolean[] done = new boolean[T];
      for (int t = 0; t < T; t++) {
        a[t] = rng.nextInt(net.numActions());
        r[t] = rng.nextInt(3) - 1;
        done[t] = t == 2;
      }
      return new Trajectory(Nd4j.createFromArray(o).reshape(T + 1, d), a, r, done);
    }

    A2cLoss.Result evaluate(ActorCriticNet net, ActorCriticNet.Forward f) {
      return A2cLoss.evaluate(f.logits().dup().reshape(-1).toDoubleVector(), f.values().dup().reshape(-1).toDoubleVector(), actions, rewards, dones, T, 1,
          net.numActions(), A2cLoss.Hyper.defaults());
    }

    /** The A2C loss at theta with the lambda-returns and advantages of {@code targets} held fixed. */
    double fixedTargetLoss(ActorCriticNet net, double[] theta, A2cLoss.Result targets) {
      ActorCriticNet.Forward f = net.forward(Nd4j.createFromArray(theta), obs);
      double[] logits = f.logits().dup().reshape(-1).toDoubleVector();
      double[] values = f.values().dup().reshape(-1).toDoubleVector();
      int a = net.numActions();
      A2cLoss.Hyper h = A2cLoss.Hyper.defaults();
      double loss = 0;
      for (int t = 0; t < T; t++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < a; j++) {
          max = Math.max(max, logits[t * a + j]);
        }
        double z = 0;
        for (int j = 0; j < a; j++) {
          z += Math.exp(logits[t * a + j] - max);
        }
        double logZ = max + Math.log(z);
        double entropy = 0;
        for (int j = 0; j < a; j++) {
          double lp = logits[t * a + j] - logZ;
          entropy -= Math.exp(lp) * lp;
        }
        double delta = targets.returns()[t] - values[t];
        loss += -(logits[t * a + actions[t]] - logZ) * targets.advantages()[t] + h.criticWeight() * delta * delta
            - h.entropyWeight() * entropy;
      }
      return loss / T;
    }

    double[] gradient(ActorCriticNet net, double[] theta) {
      INDArray params = Nd4j.createFromArray(theta);
      ActorCriticNet.Forward f = net.forward(params, obs);
      A2cLoss.Result r = evaluate(net, f);
      INDArray dLogits = Nd4j.createFromArray(r.dLogits()).reshape(T + 1, net.numActions());
      return net.backward(params, f, dLogits, Nd4j.createFromArray(r.dValues())).toDoubleVector();
    }
  }
}
