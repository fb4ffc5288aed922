package io.optim4rl.agents.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.optim4rl.agents.a2c.A2cLoss;
import io.optim4rl.envs.Seeds;
import io.optim4rl.envs.Tasks;
import io.optim4rl.envs.VecEnv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reproducibility and independence of the units: the same seeds give bit-identical gradients, losses and
 * episode statistics whatever runs them (the calling thread, a 1-thread pool, the common pool, a
 * 3-thread pool); a unit's gradient does not depend on the other units' parameters.
 */
class UnitBatchA2cDeterminismTest {

  private static final int UNITS = 8;
  private static final int CALLS = 4;

  /** Everything one run produced, per call. */
  private record Run(List<float[]> grads, List<double[]> losses, List<String> episodes) {}

  @ParameterizedTest
  @ValueSource(strings = {"small_dense_short", "catch", "big_dense_short"})
  void resultsAreBitIdenticalWhateverThePool(String task) {
    ForkJoinPool one = new ForkJoinPool(1);
    ForkJoinPool three = new ForkJoinPool(3);
    try {
      Run reference = run(task, null, 5, params -> { });
      for (ForkJoinPool pool : new ForkJoinPool[] {one, ForkJoinPool.commonPool(), three}) {
        Run other = run(task, pool, 5, params -> { });
        for (int c = 0; c < CALLS; c++) {
          assertArrayEquals(reference.grads.get(c), other.grads.get(c), task + " grads, call " + c + ", " + pool);
          assertArrayEquals(reference.losses.get(c), other.losses.get(c), task + " losses, call " + c);
          assertEquals(reference.episodes.get(c), other.episodes.get(c), task + " episodes, call " + c);
        }
      }
    } finally {
      one.shutdown();
      three.shutdown();
    }
  }

  @Test
  void aDifferentSeedGivesDifferentGradients() {
    Run a = run("catch", null, 5, params -> { });
    Run b = run("catch", null, 6, params -> { });
    assertFalse(Arrays.equals(a.grads.get(0), b.grads.get(0)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"small_dense_short", "catch", "big_dense_long"})
  void aUnitsGradientIgnoresTheOtherUnitsParameters(String task) {
    int watched = 3;
    Run base = run(task, ForkJoinPool.commonPool(), 5, params -> { });
    Run perturbed = run(task, ForkJoinPool.commonPool(), 5, params -> {
      int p = params.length / UNITS;
      for (int i = 0; i < params.length; i++) {
        if (i / p != watched) {
          params[i] += 0.1f * (float) Math.sin(i);
        }
      }
    });
    for (int c = 0; c < CALLS; c++) {
      float[] g0 = base.grads.get(c);
      float[] g1 = perturbed.grads.get(c);
      int p = g0.length / UNITS;
      assertArrayEquals(Arrays.copyOfRange(g0, watched * p, watched * p + p),
          Arrays.copyOfRange(g1, watched * p, watched * p + p), task + " unit 3, call " + c);
      assertEquals(base.losses.get(c)[watched], perturbed.losses.get(c)[watched]);
      assertFalse(Arrays.equals(g0, g1), "the perturbation changed nothing");
    }
  }

  @Test
  void rejectsMismatchedArguments() {
    UnitBatchA2c units = new UnitBatchA2c("sds", UNITS, A2cLoss.Hyper.defaults(), 20, 1, null);
    float[] params = new float[UNITS * units.numParams()];
    VecEnv env = Tasks.create("sds", UNITS, 1, 1.0);
    assertThrows(IllegalArgumentException.class, () -> units.rolloutAndGradient(env, params, params));
    assertThrows(IllegalArgumentException.class,
        () -> units.rolloutAndGradient(env, params, new float[params.length - 1]));
    assertThrows(IllegalArgumentException.class, () -> units.rolloutAndGradient(
        Tasks.create("sds", UNITS + 1, 1, 1.0), params, new float[params.length]));
    assertThrows(IllegalArgumentException.class, () -> units.rolloutAndGradient(
        Tasks.create("sdl", UNITS, 1, 1.0), new float[params.length], new float[params.length]));
    assertThrows(IllegalArgumentException.class, () -> units.resetUnitEpisode(UNITS));
  }

  /** {@code CALLS} calls with SGD steps in between; {@code perturb} edits the parameters before each call. */
  private static Run run(String task, ForkJoinPool pool, long seed,
      Consumer<float[]> perturb) {
    UnitBatchA2c units = new UnitBatchA2c(task, UNITS, A2cLoss.Hyper.defaults(), 20, seed, pool);
    VecEnv env = Tasks.create(task, UNITS, seed, 1.0);
    float[] params = new float[UNITS * units.numParams()];
    for (int u = 0; u < UNITS; u++) {
      units.initUnitParams(params, u, Seeds.stream(seed, "test-init", u));
    }
    float[] grads = new float[params.length];
    Run run = new Run(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int c = 0; c < CALLS; c++) {
      perturb.accept(params);
      UnitBatchA2c.Stats stats = units.rolloutAndGradient(env, params, grads);
      run.grads.add(grads.clone());
      run.losses.add(stats.lossPerUnit());
      run.episodes.add(Arrays.toString(stats.episodesPerUnit()) + Arrays.toString(stats.returnSumPerUnit())
          + stats.episodesFinished() + "/" + stats.returnSum());
      for (int i = 0; i < params.length; i++) {
        params[i] -= 0.01f * grads[i];
      }
    }
    return run;
  }
}
