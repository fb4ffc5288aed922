package io.optim4rl.agents.nets;

import io.optim4rl.envs.Tasks;

/**
 * Chooses the actor-critic net of a task, as the reference's {@code select_feature_net} does
 * (REFERENCE 2): names containing {@code small} get D32, names containing {@code big} get C16_D32 and
 * {@code catch} gets D256. The repository's abbreviations (sds, bdl, ...) are resolved first.
 */
public final class Nets {

  private Nets() {}

  /**
   * The net for {@code task}.
   *
   * @param task a task name or alias, e.g. {@code small_dense_short}, {@code bdl}, {@code catch}
   * @param observationShape one observation's shape, e.g. {@code {3, 6, 8}} or {@code {10, 5, 1}}
   * @param numActions actor outputs (9 for gridworlds, 3 for catch)
   * @throws IllegalArgumentException when no rule matches the name
   */
  public static ActorCriticNet forTask(String task, int[] observationShape, int numActions) {
    String name = task != null && Tasks.isKnown(task) ? Tasks.canonicalName(task) : task;
    if (name != null && name.contains("small")) {
      return DenseActorCriticNet.d32(observationShape, numActions);
    }
    if (name != null && name.contains("big")) {
      return ConvActorCriticNet.c16d32(observationShape, numActions);
    }
    if (name != null && name.contains("catch")) {
      return DenseActorCriticNet.d256(observationShape, numActions);
    }
    throw new IllegalArgumentException("no actor-critic net for task '" + task + "': names containing "
        + "'small' use D32, 'big' use C16_D32 and 'catch' uses D256 (REFERENCE 2)");
  }

  /** The net for a known task, with its observation shape and action count from {@link Tasks}. */
  public static ActorCriticNet forTask(String task) {
    return forTask(task, Tasks.observationShape(task), Tasks.numActions(task));
  }
}
