package io.optim4rl.agents.ppo;

/**
 * One evaluation of a PPO run (a row of a {@code returns}-like table, REFERENCE 3.6).
 *
 * @param evaluation 0-based index; 0 is the evaluation before training
 * @param envSteps training env steps so far (the "Step" column)
 * @param trainingSteps training steps so far
 * @param evalReturn mean unscaled episode return of the evaluation envs (the "Return" column)
 * @param seconds wall-clock seconds since the start of the run
 * @param optimizerSteps optimizer steps since the previous evaluation (0 for evaluation 0)
 * @param meanLoss mean total PPO loss over those optimizer steps (NaN when there were none)
 * @param meanPolicyLoss mean clipped-surrogate term
 * @param meanValueLoss mean value term (weight included)
 * @param meanEntropyLoss mean entropy term (weight included)
 */
public record PpoEvaluation(
    int evaluation,
    long envSteps,
    long trainingSteps,
    double evalReturn,
    double seconds,
    long optimizerSteps,
    double meanLoss,
    double meanPolicyLoss,
    double meanValueLoss,
    double meanEntropyLoss) {}
