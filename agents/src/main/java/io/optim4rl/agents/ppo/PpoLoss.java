package io.optim4rl.agents.ppo;

/**
 * The PPO loss of one minibatch as a function of the network outputs (brax 0.9.4 {@code compute_ppo_loss},
 * REFERENCE 3.6), with its gradient with respect to those outputs. All in double.
 *
 * <p>With n = numTrajectories T samples, {@code logp_i = sum_d log p(u_id)} ({@link TanhNormal}),
 * {@code rho_i = exp(logp_i - logp_behaviour_i)}, (vs, A) = {@link Gae} on the rewards times
 * {@code rewardScaling} and the current values, {@code Â = (A - mean A) / (std A + 1e-8)} (population std
 * over the minibatch):
 * <pre>
 *   L_policy  = -mean_i min(rho_i Â_i, clip(rho_i, 1 - eps, 1 + eps) Â_i)
 *   L_value   = valueWeight 0.5 mean_i (vs_i - v_i)^2          (brax: valueWeight 0.5)
 *   L_entropy = -entropyCost mean_i sum_d H(eps_id)
 *   L         = L_policy + L_value + L_entropy
 * </pre>
 * vs and A are constants (stop-gradient), so the bootstrap values get no gradient. Where
 * {@code rho Â} is the smaller term, {@code d L_policy / d logp_i = -rho_i Â_i / n}, else (clipped) 0.
 */
public final class PpoLoss {

  private static final double ADVANTAGE_EPS = 1e-8;

  private PpoLoss() {}

  /**
   * The data of one minibatch, row-major {@code [numTrajectories, steps(, actionSize)]}.
   *
   * @param rewards unscaled rewards
   * @param termination 1 where the step ended the episode by termination, else 0
   * @param truncation 1 where the step ended the episode by the time limit, else 0
   * @param rawActions the pre-tanh samples u
   * @param behaviourLogProbs log p(u) under the acting policy
   * @param entropyNoise standard normal draws for the entropy estimate
   */
  public record Inputs(int numTrajectories, int steps, int actionSize, double[] rewards, double[] termination,
      double[] truncation, double[] rawActions, double[] behaviourLogProbs, double[] entropyNoise) {

    public int samples() {
      return numTrajectories * steps;
    }
  }

  /** The loss terms (each with its weight) and their sum. */
  public record Terms(double policyLoss, double valueLoss, double entropyLoss, double total, double entropy) {}

  /**
   * The loss for network outputs {@code policyOut [n, 2A]} (loc then raw scale per row), {@code values [n]}
   * and {@code bootstrap [numTrajectories]}. When {@code dPolicyOut} and {@code dValues} are non-null,
   * OVERWRITES them with {@code dL / d policyOut} and {@code dL / d values}.
   */
  public static Terms compute(PpoConfig config, Inputs in, double[] policyOut, double[] values,
      double[] bootstrap, double[] dPolicyOut, double[] dValues) {
    return compute(config, in, policyOut, values, targets(config, in, values, bootstrap), dPolicyOut, dValues);
  }

  /** The (stop-gradient) GAE value targets and advantages of rewards times {@code rewardScaling}. */
  public static Gae.Result targets(PpoConfig config, Inputs in, double[] values, double[] bootstrap) {
    double[] scaled = new double[in.samples()];
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = in.rewards()[i] * config.rewardScaling();
    }
    return Gae.compute(in.numTrajectories(), in.steps(), scaled, in.termination(), in.truncation(), values,
        bootstrap, config.gamma(), config.gaeLambda());
  }

  /**
   * The loss with the GAE targets given, i.e. the loss as a function of the outputs with the targets held
   * constant (what the stop-gradient means; finite-difference checks perturb through this).
   */
  public static Terms compute(PpoConfig config, Inputs in, double[] policyOut, double[] values, Gae.Result gae,
      double[] dPolicyOut, double[] dValues) {
    int n = in.samples();
    int a = in.actionSize();
    double[] adv = normalizedAdvantages(gae.advantages());
    double[] vs = gae.valueTargets();
    boolean grad = dPolicyOut != null && dValues != null;
    double lo = 1 - config.clipEpsilon();
    double hi = 1 + config.clipEpsilon();
    double policySum = 0;
    double valueSum = 0;
    double entropySum = 0;
    double valueScale = config.valueWeight() / n;
    double entropyScale = config.entropyCost() / n;
    for (int i = 0; i < n; i++) {
      int o = i * 2 * a;
      double logp = 0;
      for (int d = 0; d < a; d++) {
        logp += TanhNormal.logProb(policyOut[o + d], policyOut[o + a + d], in.rawActions()[i * a + d]);
      }
      double rho = Math.exp(logp - in.behaviourLogProbs()[i]);
      double s1 = rho * adv[i];
      double s2 = Math.min(Math.max(rho, lo), hi) * adv[i];
      policySum += Math.min(s1, s2);
      double err = vs[i] - values[i];
      valueSum += err * err;
      double dLogp = s1 <= s2 ? -s1 / n : 0;
      for (int d = 0; d < a; d++) {
        double loc = policyOut[o + d];
        double raw = policyOut[o + a + d];
        double eps = in.entropyNoise()[i * a + d];
        entropySum += TanhNormal.entropy(loc, raw, eps);
        if (grad) {
          double u = in.rawActions()[i * a + d];
          dPolicyOut[o + d] = dLogp * TanhNormal.logProbDLoc(loc, raw, u)
              - entropyScale * TanhNormal.entropyDLoc(loc, raw, eps);
          dPolicyOut[o + a + d] = dLogp * TanhNormal.logProbDRaw(loc, raw, u)
              - entropyScale * TanhNormal.entropyDRaw(loc, raw, eps);
        }
      }
      if (grad) {
        dValues[i] = -valueScale * err;
      }
    }
    double policyLoss = -policySum / n;
    double valueLoss = config.valueWeight() * 0.5 * valueSum / n;
    double entropy = entropySum / n;
    double entropyLoss = -config.entropyCost() * entropy;
    return new Terms(policyLoss, valueLoss, entropyLoss, policyLoss + valueLoss + entropyLoss, entropy);
  }

  /** {@code (A - mean A) / (std A + 1e-8)} with the population standard deviation. */
  public static double[] normalizedAdvantages(double[] advantages) {
    int n = advantages.length;
    double mean = 0;
    for (double v : advantages) {
      mean += v;
    }
    mean /= n;
    double var = 0;
    for (double v : advantages) {
      var += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(var / n);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = (advantages[i] - mean) / (std + ADVANTAGE_EPS);
    }
    return out;
  }
}
