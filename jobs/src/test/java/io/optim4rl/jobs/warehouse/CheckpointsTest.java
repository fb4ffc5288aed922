package io.optim4rl.jobs.warehouse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save/load contract of checkpoints: write, read back equal, rewrite replaces, corruption and mismatch refused. */
class CheckpointsTest {

  @TempDir Path dir;

  @Test
  void savedCheckpointsLoadBackEqualAndAreSelectedByQuery() {
    Warehouse wh = new Warehouse(dir.toString());
    double[] params = {0.1, -2.5, 3e-9, 0.0};
    Checkpoint c10 = Checkpoint.of("runA", "meta_x", 10, "optim4rl", List.of(16, 16), params, new double[] {1, 2}, false);
    Checkpoint c20 = Checkpoint.of("runA", "meta_x", 20, "optim4rl", List.of(16, 16), params, null, true);
    Checkpoints.write(wh, c10);
    Checkpoints.write(wh, c20);
    Checkpoints.write(wh, c20); // writing the same checkpoint again replaces it
    List<Checkpoint> all = Checkpoints.select(TestSpark.get(), wh, "experiment = 'meta_x'");
    assertEquals(2, all.size());
    Checkpoint back = all.get(0);
    assertEquals(10, back.iteration());
    assertArrayEquals(params, back.metaParams());
    assertArrayEquals(new double[] {1, 2}, back.metaOptimizerState());
    assertEquals(List.of(16, 16), back.mlpDims());
    assertEquals(c10.sha256(), back.sha256());
    back.verify("optim4rl", List.of(16, 16), 4);
    List<Checkpoint> fin = Checkpoints.select(TestSpark.get(), wh, "experiment = 'meta_x' AND is_final");
    assertEquals(1, fin.size());
    assertEquals(20, fin.get(0).iteration());
    assertEquals(null, fin.get(0).metaOptimizerState());
  }

  @Test
  void corruptOrMismatchedCheckpointsAreRefusedWithAClearMessage() {
    Checkpoint good = Checkpoint.of("runB", "e", 5, "optim4rl", List.of(), new double[] {1, 2, 3}, null, true);
    Checkpoint corrupt = new Checkpoint("runB", "e", 5, "optim4rl", List.of(), 1, "runB", new double[] {1, 2, 4}, null,
        good.sha256(), true);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> corrupt.verify(null, null, -1));
    assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("runB")
        && e.getMessage().contains("iteration 5"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> good.verify("l2l_gd2", null, -1));
    assertThrows(IllegalStateException.class, () -> good.verify(null, List.of(16, 16), -1));
    assertThrows(IllegalStateException.class, () -> good.verify(null, null, 514));
    Checkpoint future = new Checkpoint("runB", "e", 5, "optim4rl", List.of(), 99, "runB", good.metaParams(), null,
        good.sha256(), true);
    assertTrue(assertThrows(IllegalStateException.class, () -> future.verify(null, null, -1)).getMessage()
        .contains("format version 99"));
  }
}
