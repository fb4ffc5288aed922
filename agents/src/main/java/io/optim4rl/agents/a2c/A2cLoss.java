package io.optim4rl.agents.a2c;

/**
 * The A2C loss of REFERENCE 3.2 (steps 4 to 7) and its derivatives with respect to the network outputs.
 *
 * <p>For a time-major batch of B trajectories of T steps, with {@code G} the lambda-returns of
 * {@link LambdaReturns}, {@code delta_t = G_t - v_t}, {@code pi_t = softmax(logits_t)} and
 * {@code H_t = -sum_j pi_t[j] log pi_t[j]}:
 *
 * <pre>
 *   L_actor   = -mean_{t,b}( log pi_t[a_t] * stopgrad(delta_t) )
 *   L_critic  = criticWeight  * mean_{t,b}( delta_t^2 )       (0.5 mean(delta^2) with the defaults)
 *   L_entropy = entropyWeight * ( -mean_{t,b} H_t )
 *   L         = L_actor + L_critic + L_entropy
 * </pre>
 *
 * The means run over the T steps and the B envs, i.e. L is the mean of the per-env losses L_e, so its
 * gradient is {@code g = mean_e grad L_e}. G is a constant (stop-gradient), so the bootstrap row T gets
 * no gradient. With {@code n = 1 / (T B)} the derivatives are
 *
 * <pre>
 *   dL/dlogits_t[j] = n ( -delta_t (1[j = a_t] - pi_t[j]) + entropyWeight pi_t[j] (log pi_t[j] + H_t) )
 *   dL/dv_t         = -2 n criticWeight delta_t
 * </pre>
 *
 * <p>Log-softmax is evaluated stably as {@code z - max z - log sum exp(z - max z)}. Pure functions: the
 * inputs are not modified; the arrays of a {@link Result} are new and belong to the caller.
 */
public final class A2cLoss {

  private A2cLoss() {}

  /**
   * A2C loss hyperparameters (REFERENCE 3.1).
   *
   * @param gamma discount, in [0, 1] (0.995)
   * @param lambda TD(lambda) / GAE parameter, in [0, 1] (0.95)
   * @param criticWeight weight c of {@code c mean(delta^2)}, finite and >= 0 (0.5)
   * @param entropyWeight weight of the negated mean entropy, finite and >= 0 (0.01)
   */
  public record Hyper(double gamma, double lambda, double criticWeight, double entropyWeight) {

    public Hyper {
      inUnitInterval("gamma", gamma);
      inUnitInterval("lambda", lambda);
      nonNegative("criticWeight", criticWeight);
      nonNegative("entropyWeight", entropyWeight);
    }

    /** The reference values: gamma 0.995, lambda 0.95, critic weight 0.5, entropy weight 0.01. */
    public static Hyper defaults() {
      return new Hyper(0.995, 0.95, 0.5, 0.01);
    }

    private static void inUnitInterval(String name, double v) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("A2C " + name + " must be in [0, 1], got " + v);
      }
    }

    private static void nonNegative(String name, double v) {
      if (!(v >= 0 && Double.isFinite(v))) {
        throw new IllegalArgumentException("A2C " + name + " must be finite and >= 0, got " + v);
      }
    }
  }

  /**
   * The loss terms and derivatives of one batch.
   *
   * @param actorLoss L_actor
   * @param criticLoss L_critic (weight included)
   * @param entropyLoss L_entropy (weight included)
   * @param total the sum of the three
   * @param returns lambda-returns G {@code [T * B]}
   * @param advantages {@code delta = G - v} {@code [T * B]}
   * @param logProbs {@code log pi_t[a_t]} {@code [T * B]}
   * @param entropies {@code H_t} {@code [T * B]}
   * @param dLogits {@code dL/dlogits} {@code [(T + 1) * B * A]}, zero on the bootstrap row
   * @param dValues {@code dL/dv} {@code [(T + 1) * B]}, zero on the bootstrap row
   */
  public record Result(double actorLoss, double criticLoss, double entropyLoss, double total,
      double[] returns, double[] advantages, double[] logProbs, double[] entropies, double[] dLogits,
      double[] dValues) {}

  /**
   * The loss of a rollout.
   *
   * @param logits {@code [(T + 1) * B * A]}, row {@code t * B + b} (the last B rows are the bootstrap
   *     observations; their logits are not used)
   * @param values {@code [(T + 1) * B]}, row T holds the bootstrap values
   * @param actions {@code [T * B]}, each in [0, A)
   * @param rewards {@code [T * B]}
   * @param dones {@code [T * B]}
   */
  public static Result evaluate(double[] logits, double[] values, int[] actions, float[] rewards,
      boolean[] dones, int steps, int batch, int numActions, Hyper hyper) {
    double[] returns =
        LambdaReturns.lambdaReturns(rewards, dones, values, steps, batch, hyper.gamma(), hyper.lambda());
    double[] advantages = LambdaReturns.advantages(returns, values, steps, batch);
    return evaluateWithTargets(logits, values, actions, returns, advantages, steps, batch, numActions,
        hyper);
  }

  /**
   * The loss for given constant targets: the critic regresses v_t onto {@code returns}, the actor weighs
   * {@code log pi_t[a_t]} by {@code advantages} (both stop-gradient). {@link #evaluate} passes
   * {@code advantages = returns - values}; gradient checks hold both fixed while perturbing the inputs.
   */
  static Result evaluateWithTargets(double[] logits, double[] values, int[] actions, double[] returns,
      double[] advantages, int steps, int batch, int numActions, Hyper hyper) {
    checkShapes(logits, values, actions, steps, batch, numActions);
    int rows = steps * batch;
    double n = 1.0 / rows;
    double[] dLogits = new double[(rows + batch) * numActions];
    double[] dValues = new double[rows + batch];
    double[] logProbs = new double[rows];
    double[] entropies = new double[rows];
    double[] logPi = new double[numActions];
    double actorSum = 0;
    double criticSum = 0;
    double entropySum = 0;
    for (int row = 0; row < rows; row++) {
      int base = row * numActions;
      double entropy = logSoftmax(logits, base, logPi);
      int a = actions[row];
      double adv = advantages[row];
      double delta = returns[row] - values[row];
      for (int j = 0; j < numActions; j++) {
        double pi = Math.exp(logPi[j]);
        double actor = -adv * ((j == a ? 1.0 : 0.0) - pi);
        dLogits[base + j] = n * (actor + hyper.entropyWeight() * pi * (logPi[j] + entropy));
      }
      dValues[row] = -2 * n * hyper.criticWeight() * delta;
      logProbs[row] = logPi[a];
      entropies[row] = entropy;
      actorSum += logPi[a] * adv;
      criticSum += delta * delta;
      entropySum += entropy;
    }
    double actorLoss = -actorSum * n;
    double criticLoss = hyper.criticWeight() * criticSum * n;
    double entropyLoss = hyper.entropyWeight() * (-entropySum * n);
    return new Result(actorLoss, criticLoss, entropyLoss, actorLoss + criticLoss + entropyLoss, returns,
        advantages, logProbs, entropies, dLogits, dValues);
  }

  /**
   * Writes {@code log softmax(z)} of {@code z = logits[base .. base + A)} into {@code out} and returns
   * the entropy {@code -sum_j pi_j log pi_j}.
   */
  static double logSoftmax(double[] logits, int base, double[] out) {
    int a = out.length;
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < a; j++) {
      max = Math.max(max, logits[base + j]);
    }
    double sum = 0;
    for (int j = 0; j < a; j++) {
      sum += Math.exp(logits[base + j] - max);
    }
    double logSum = max + Math.log(sum);
    double entropy = 0;
    for (int j = 0; j < a; j++) {
      out[j] = logits[base + j] - logSum;
      entropy -= Math.exp(out[j]) * out[j];
    }
    return entropy;
  }

  private static void checkShapes(double[] logits, double[] values, int[] actions, int steps, int batch,
      int numActions) {
    if (steps < 1 || batch < 1 || numActions < 1) {
      throw new IllegalArgumentException("A2C loss: T, B and A must be >= 1, got T=" + steps + ", B="
          + batch + ", A=" + numActions);
    }
    int rows = (steps + 1) * batch;
    if (logits.length != rows * numActions || values.length != rows || actions.length != steps * batch) {
      throw new IllegalArgumentException("A2C loss: with T=" + steps + ", B=" + batch + ", A="
          + numActions + " need logits of " + rows * numActions + ", values of " + rows
          + " and actions of " + steps * batch + ", got " + logits.length + ", " + values.length + ", "
          + actions.length);
    }
    for (int i = 0; i < actions.length; i++) {
      if (actions[i] < 0 || actions[i] >= numActions) {
        throw new IllegalArgumentException("A2C loss: action " + actions[i] + " at row " + i
            + " (t=" + i / batch + ", b=" + i % batch + ") is outside [0, " + numActions + ")");
      }
    }
  }
}
