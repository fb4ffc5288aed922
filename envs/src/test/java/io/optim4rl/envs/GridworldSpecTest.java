package io.optim4rl.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.envs.GridworldSpec.ObjectSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The eight configurations against the table of REFERENCE 1.1, typed in again here by hand. */
class GridworldSpecTest {

  private static final ObjectSpec SG = new ObjectSpec(1, 0, 0.05);
  private static final ObjectSpec SB = new ObjectSpec(-1, 0.5, 0.05);
  private static final ObjectSpec DG = new ObjectSpec(1, 0, 0.5);
  private static final ObjectSpec DB = new ObjectSpec(-1, 0.5, 0.5);

  private static void check(String name, int h, int w, int empty, List<ObjectSpec> objs, int steps) {
    GridworldSpec s = GridworldSpec.byName(name);
    assertEquals(name, s.name());
    assertEquals(h, s.height(), name);
    assertEquals(w, s.width(), name);
    assertEquals(empty, s.numEmptyCells(), name);
    assertEquals(objs, s.objects(), name);
    assertEquals(steps, s.maxSteps(), name);
  }

  @Test
  void eightConfigurationsMatchReferenceTable() {
    assertEquals(8, GridworldSpec.all().size());
    check("small_sparse_short", 5, 10, 24, List.of(SG, SB), 50);
    check("small_sparse_long", 10, 5, 24, List.of(SG, SB), 500);
    check("small_dense_short", 6, 8, 24, List.of(DG, DB), 50);
    check("small_dense_long", 8, 6, 24, List.of(DG, DB), 500);
    check("big_sparse_short", 12, 14, 120, List.of(SG, SG, SB, SB), 50);
    check("big_sparse_long", 14, 12, 120, List.of(SG, SG, SB, SB), 500);
    check("big_dense_short", 11, 15, 117, List.of(DG, DG, DB, DB), 50);
    check("big_dense_long", 15, 11, 117, List.of(DG, DG, DB, DB), 500);
  }

  @Test
  void emptyCellsAreTheInteriorRowMajor() {
    for (GridworldSpec s : GridworldSpec.all()) {
      int c = 0;
      for (int r = 0; r < s.height(); r++) {
        for (int col = 0; col < s.width(); col++) {
          boolean border = r == 0 || col == 0 || r == s.height() - 1 || col == s.width() - 1;
          assertEquals(border, s.isWall(r, col), s.name() + " (" + r + "," + col + ")");
          if (!border) {
            assertEquals(r, s.emptyRow(c), s.name());
            assertEquals(col, s.emptyCol(c), s.name());
            c++;
          }
        }
      }
      assertEquals(s.numEmptyCells(), c, s.name());
    }
  }

  @Test
  void factoryValidates() {
    List<ObjectSpec> one = List.of(DG);
    assertThrows(IllegalArgumentException.class, () -> GridworldSpec.of("x", 2, 5, one, 10));
    assertThrows(IllegalArgumentException.class, () -> GridworldSpec.of("x", 3, 3, one, 10));
    assertThrows(IllegalArgumentException.class, () -> GridworldSpec.of("x", 5, 5, one, 0));
    assertThrows(IllegalArgumentException.class, () -> GridworldSpec.of("x", 5, 5, List.of(), 5));
    assertThrows(IllegalArgumentException.class, () -> new ObjectSpec(1, 1.5, 0));
    assertThrows(IllegalArgumentException.class, () -> new ObjectSpec(1, 0, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> GridworldSpec.byName("tiny"));
    GridworldSpec ok = GridworldSpec.of("x", 3, 4, one, 1);
    assertEquals(2, ok.numEmptyCells());
    assertTrue(ok.isWall(-1, 1));
    assertFalse(ok.isWall(1, 2));
  }
}
