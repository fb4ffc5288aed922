package io.optim4rl.agents.ppo;

import java.util.Arrays;

/**
 * PPO hyperparameters (REFERENCE 3.6), named after brax 0.9.4's {@code ppo.train} arguments in camel case.
 *
 * <p>Validated on construction: every failure names the field and the rule.
 *
 * @param numEnvs parallel training envs ({@code num_envs})
 * @param batchSize trajectories (unrolls) per minibatch ({@code batch_size})
 * @param numMinibatches minibatches per SGD pass ({@code num_minibatches}); one training step collects
 *     {@code batchSize * numMinibatches / numEnvs} unrolls of every env, which must be a whole number
 * @param unrollLength steps per unroll ({@code unroll_length}, the reference's {@code rollout_steps})
 * @param updateEpochs SGD passes over one training step's data ({@code num_updates_per_batch})
 * @param gamma discount ({@code discounting})
 * @param gaeLambda GAE λ ({@code gae_lambda}, 0.95)
 * @param clipEpsilon surrogate clipping ε ({@code clipping_epsilon}, 0.3)
 * @param entropyCost entropy bonus weight ({@code entropy_cost}; 1e-2 ant/pendulum, 1e-3 humanoid/walker2d)
 * @param valueWeight weight of {@code 0.5 mean((v_target - v)^2)}; brax's fixed 0.5 · 0.5 is valueWeight 0.5
 * @param rewardScaling multiplies rewards inside the loss ({@code reward_scaling}); logged returns are unscaled
 * @param policyHidden hidden layer sizes of the policy MLP (brax 4x32)
 * @param valueHidden hidden layer sizes of the value MLP (brax 5x256; meta-training 5x64)
 * @param totalSteps env-step budget ({@code num_timesteps})
 * @param numEvals evaluations including the one at step 0 ({@code num_evals}); as in brax the run has
 *     {@code max(numEvals - 1, 1)} epochs of {@code ceil(totalSteps / (epochs * stepsPerTrainingStep))}
 *     training steps, each followed by an evaluation
 * @param evalEnvs envs of one evaluation ({@code num_eval_envs}, 128)
 * @param evalEpisodeLength cap on an evaluation episode's steps ({@code episode_length}); the eval env's own
 *     time limit also ends it
 */
public record PpoConfig(
    int numEnvs,
    int batchSize,
    int numMinibatches,
    int unrollLength,
    int updateEpochs,
    double gamma,
    double gaeLambda,
    double clipEpsilon,
    double entropyCost,
    double valueWeight,
    double rewardScaling,
    int[] policyHidden,
    int[] valueHidden,
    long totalSteps,
    int numEvals,
    int evalEnvs,
    int evalEpisodeLength) {

  /** brax's policy hidden layers, 4x32. */
  public static final int[] POLICY_HIDDEN = {32, 32, 32, 32};
  /** brax's value hidden layers, 5x256. */
  public static final int[] VALUE_HIDDEN = {256, 256, 256, 256, 256};
  /** The meta-training value hidden layers, 5x64 (paper C.3). */
  public static final int[] VALUE_HIDDEN_META = {64, 64, 64, 64, 64};

  /** Validates every field; see the record's documentation. */
  public PpoConfig {
    positive("numEnvs", numEnvs);
    positive("batchSize", batchSize);
    positive("numMinibatches", numMinibatches);
    positive("unrollLength", unrollLength);
    positive("updateEpochs", updateEpochs);
    positive("numEvals", numEvals);
    positive("evalEnvs", evalEnvs);
    positive("evalEpisodeLength", evalEpisodeLength);
    if ((long) batchSize * numMinibatches % numEnvs != 0) {
      throw new IllegalArgumentException("batchSize * numMinibatches (" + (long) batchSize * numMinibatches
          + ") must be a multiple of numEnvs (" + numEnvs + ")");
    }
    unit("gamma", gamma);
    unit("gaeLambda", gaeLambda);
    if (!(clipEpsilon > 0 && clipEpsilon < 1)) {
      throw new IllegalArgumentException("clipEpsilon must be in (0, 1), got " + clipEpsilon);
    }
    nonNegative("entropyCost", entropyCost);
    nonNegative("valueWeight", valueWeight);
    if (!(rewardScaling > 0 && Double.isFinite(rewardScaling))) {
      throw new IllegalArgumentException("rewardScaling must be positive and finite, got " + rewardScaling);
    }
    policyHidden = layers("policyHidden", policyHidden);
    valueHidden = layers("valueHidden", valueHidden);
    if (totalSteps < 1) {
      throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
    }
  }

  /** A builder with brax's defaults for pendulum-sized tasks; override what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** These settings with another reward scaling (per task in multi-task meta-training). */
  public PpoConfig withRewardScaling(double scaling) {
    return new PpoConfig(numEnvs, batchSize, numMinibatches, unrollLength, updateEpochs, gamma, gaeLambda,
        clipEpsilon, entropyCost, valueWeight, scaling, policyHidden, valueHidden, totalSteps, numEvals, evalEnvs,
        evalEpisodeLength);
  }

  /** Env steps of one training step: {@code batchSize * numMinibatches * unrollLength}. */
  public long stepsPerTrainingStep() {
    return (long) batchSize * numMinibatches * unrollLength;
  }

  /** Unrolls of every env per training step: {@code batchSize * numMinibatches / numEnvs}. */
  public int unrollsPerTrainingStep() {
    return batchSize * numMinibatches / numEnvs;
  }

  /** Epochs between evaluations: {@code max(numEvals - 1, 1)} (brax). */
  public int epochs() {
    return Math.max(numEvals - 1, 1);
  }

  /** Training steps per epoch: {@code ceil(totalSteps / (epochs * stepsPerTrainingStep))} (brax). */
  public long trainingStepsPerEpoch() {
    long perEpoch = epochs() * stepsPerTrainingStep();
    return (totalSteps + perEpoch - 1) / perEpoch;
  }

  @Override
  public int[] policyHidden() {
    return policyHidden.clone();
  }

  @Override
  public int[] valueHidden() {
    return valueHidden.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PpoConfig c && toString().equals(c.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "PpoConfig[numEnvs=" + numEnvs + ", batchSize=" + batchSize + ", numMinibatches=" + numMinibatches
        + ", unrollLength=" + unrollLength + ", updateEpochs=" + updateEpochs + ", gamma=" + gamma
        + ", gaeLambda=" + gaeLambda + ", clipEpsilon=" + clipEpsilon + ", entropyCost=" + entropyCost
        + ", valueWeight=" + valueWeight + ", rewardScaling=" + rewardScaling + ", policyHidden="
        + Arrays.toString(policyHidden) + ", valueHidden=" + Arrays.toString(valueHidden) + ", totalSteps="
        + totalSteps + ", numEvals=" + numEvals + ", evalEnvs=" + evalEnvs + ", evalEpisodeLength="
        + evalEpisodeLength + "]";
  }

  private static void positive(String name, long v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + v);
    }
  }

  private static void unit(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
    }
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
    }
  }

  private static int[] layers(String name, int[] sizes) {
    if (sizes == null || sizes.length == 0) {
      throw new IllegalArgumentException(name + " must list at least one hidden layer size");
    }
    for (int s : sizes) {
      positive(name + " entries", s);
    }
    return sizes.clone();
  }

  /** Mutable builder; {@link #build} validates. Defaults: brax's pendulum-scale settings. */
  public static final class Builder {
    private int numEnvs = 64;
    private int batchSize = 64;
    private int numMinibatches = 8;
    private int unrollLength = 10;
    private int updateEpochs = 4;
    private double gamma = 0.97;
    private double gaeLambda = 0.95;
    private double clipEpsilon = 0.3;
    private double entropyCost = 1e-2;
    private double valueWeight = 0.5;
    private double rewardScaling = 1.0;
    private int[] policyHidden = POLICY_HIDDEN;
    private int[] valueHidden = VALUE_HIDDEN;
    private long totalSteps = 1_000_000;
    private int numEvals = 10;
    private int evalEnvs = 128;
    private int evalEpisodeLength = 1000;

    private Builder() {}

    public Builder numEnvs(int v) { numEnvs = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder numMinibatches(int v) { numMinibatches = v; return this; }
    public Builder unrollLength(int v) { unrollLength = v; return this; }
    public Builder updateEpochs(int v) { updateEpochs = v; return this; }
    public Builder gamma(double v) { gamma = v; return this; }
    public Builder gaeLambda(double v) { gaeLambda = v; return this; }
    public Builder clipEpsilon(double v) { clipEpsilon = v; return this; }
    public Builder entropyCost(double v) { entropyCost = v; return this; }
    public Builder valueWeight(double v) { valueWeight = v; return this; }
    public Builder rewardScaling(double v) { rewardScaling = v; return this; }
    public Builder policyHidden(int... v) { policyHidden = v.clone(); return this; }
    public Builder valueHidden(int... v) { valueHidden = v.clone(); return this; }
    public Builder totalSteps(long v) { totalSteps = v; return this; }
    public Builder numEvals(int v) { numEvals = v; return this; }
    public Builder evalEnvs(int v) { evalEnvs = v; return this; }
    public Builder evalEpisodeLength(int v) { evalEpisodeLength = v; return this; }

    public PpoConfig build() {
      return new PpoConfig(numEnvs, batchSize, numMinibatches, unrollLength, updateEpochs, gamma, gaeLambda,
          clipEpsilon, entropyCost, valueWeight, rewardScaling, policyHidden, valueHidden, totalSteps, numEvals,
          evalEnvs, evalEpisodeLength);
    }
  }
}
