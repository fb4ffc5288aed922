package io.optim4rl.jobs.gradients;

import io.optim4rl.analysis.gradients.ArraySplit;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every {@code everyCoord}-th entry (indices 0, k, 2k, ...) of the gradient of every
 * {@code everyStep}-th step (steps 0, j, 2j, ...), as REFERENCE 7.1 (k = 100: 395 of big_dense_long's 39,482)
 * and 7.2 (k = 1000: 402 of MNIST_CNN's 401,850) do with j = 1. The kept values are few (the paper's full
 * runs: 2,929 x 395 and 4,200 x 402), so a run buffers them and writes them once, atomically, at its end.
 */
public final class GradientSampler {

  private final int everyCoord;
  private final int everyStep;
  private final List<long[]> steps = new ArrayList<>();
  private final List<double[]> values = new ArrayList<>();

  public GradientSampler(int everyCoord, int everyStep) {
    if (everyCoord < 1 || everyStep < 1) {
      throw new IllegalArgumentException("everyCoord and everyStep must be >= 1, got " + everyCoord + ", " + everyStep);
    }
    this.everyCoord = everyCoord;
    this.everyStep = everyStep;
  }

  /** Whether step {@code step} is kept. */
  public boolean wants(long step) {
    return step % everyStep == 0;
  }

  /** Records the flat gradient {@code flat} of step {@code step} when that step is kept (flat is not kept). */
  public void record(long step, float[] flat) {
    if (!wants(step)) {
      return;
    }
    double[] kept = new double[(flat.length + everyCoord - 1) / everyCoord];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = flat[i * everyCoord];
    }
    steps.add(new long[] {step});
    values.add(kept);
  }

  /** Number of steps kept so far. */
  public int size() {
    return values.size();
  }

  /**
   * The {@code gradients} rows (run_id, source, task, step, part, coord, grad): the kept steps split into 30
   * contiguous parts (array_split), coord the index in the flat canonical parameter vector.
   */
  public List<Object[]> rows(String runId, String source, String task) {
    List<Object[]> rows = new ArrayList<>();
    int n = values.size();
    for (int t = 0; t < n; t++) {
      int part = ArraySplit.part(t, n, ArraySplit.PAPER_PARTS);
      double[] v = values.get(t);
      for (int i = 0; i < v.length; i++) {
        rows.add(new Object[] {runId, source, task, steps.get(t)[0], part, (long) i * everyCoord, v[i]});
      }
    }
    return rows;
  }
}
