package io.optim4rl.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Task registry, and the observation shapes of REFERENCE Appendix C. */
class TasksTest {

  /** Appendix C, typed in by hand. */
  private static final Map<String, int[]> SHAPES = Map.of(
      "small_sparse_short", new int[] {3, 5, 10},
      "small_sparse_long", new int[] {3, 10, 5},
      "small_dense_short", new int[] {3, 6, 8},
      "small_dense_long", new int[] {3, 8, 6},
      "big_sparse_short", new int[] {5, 12, 14},
      "big_sparse_long", new int[] {5, 14, 12},
      "big_dense_short", new int[] {5, 11, 15},
      "big_dense_long", new int[] {5, 15, 11},
      "catch", new int[] {10, 5, 1});

  @Test
  void namesAreTheNineTasksSorted() {
    assertEquals(List.of("big_dense_long", "big_dense_short", "big_sparse_long", "big_sparse_short",
        "catch", "small_dense_long", "small_dense_short", "small_sparse_long", "small_sparse_short"),
        Tasks.names());
  }

  @Test
  void shapesAndActionCountsWithAndWithoutBuilding() {
    for (String name : Tasks.names()) {
      int[] shape = SHAPES.get(name);
      assertArrayEquals(shape, Tasks.observationShape(name), name);
      VecEnv env = Tasks.create(name, 2, 0L, 1.0);
      assertEquals(name, env.taskName());
      assertEquals(2, env.numEnvs());
      assertArrayEquals(shape, env.observationShape(), name);
      assertEquals(shape[0] * shape[1] * shape[2], env.observationSize(), name);
      int actions = name.equals("catch") ? 3 : 9;
      assertEquals(actions, Tasks.numActions(name), name);
      assertEquals(actions, env.numActions(), name);
    }
  }

  @Test
  void aliasesMapToFullNames() {
    Map<String, String> expected = Map.of("sss", "small_sparse_short", "ssl", "small_sparse_long",
        "sds", "small_dense_short", "sdl", "small_dense_long", "bss", "big_sparse_short",
        "bsl", "big_sparse_long", "bds", "big_dense_short", "bdl", "big_dense_long");
    assertEquals(expected, Tasks.aliases());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertTrue(Tasks.isKnown(e.getKey()));
      assertEquals(e.getValue(), Tasks.canonicalName(e.getKey()));
      assertEquals(e.getValue(), Tasks.create(e.getKey(), 1, 0L, 1.0).taskName());
      assertArrayEquals(SHAPES.get(e.getValue()), Tasks.observationShape(e.getKey()));
    }
  }

  @Test
  void unknownNamesFailListingTheKnownOnes() {
    assertFalse(Tasks.isKnown("cartpole"));
    assertFalse(Tasks.isKnown(null));
    assertFalse(Tasks.isKnown("Catch"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tasks.create("cartpole", 4, 0L, 1.0));
    assertTrue(e.getMessage().contains("cartpole"), e.getMessage());
    for (String name : Tasks.names()) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Tasks.observationShape("sdx"));
    assertThrows(IllegalArgumentException.class, () -> Tasks.numActions(""));
    assertThrows(IllegalArgumentException.class, () -> Tasks.create("catch", 0, 0L, 1.0));
  }
}
