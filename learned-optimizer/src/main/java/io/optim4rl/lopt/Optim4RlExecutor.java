package io.optim4rl.lopt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Runs an {@link Optim4RlKernel} over many coordinates, in parallel on a {@link ForkJoinPool}, with a
 * deterministic meta-gradient: a coordinate range [from, to) is split into fixed blocks of
 * {@link #BLOCK} coordinates starting at {@code from}; each block's meta-gradient is computed on its own
 * (float per-lane accumulation, reduced to double) and the block results are summed in block order in
 * double. The result of a range therefore depends only on the range and the data, never on the number
 * of threads or the scheduling. Several ranges ("units": one agent each in meta-training) are handled
 * in one call and returned per unit, to be summed or averaged in unit order by the caller.
 */
public final class Optim4RlExecutor {

  /** Coordinates per block (a multiple of every vector length). */
  public static final int BLOCK = 4096;

  /**
   * One training unit's coordinate range and adjoint for the backward.
   *
   * @param tape the unit's recorded steps (may be shared by several units with disjoint ranges)
   * @param adjoint dL/dupdate per coordinate (g_val of REFERENCE 5.2), indexed like the tape
   * @param lr the unit's learning rate (update = lr * out)
   * @param from first coordinate
   * @param to end of the range (exclusive)
   */
  public record Unit(Optim4RlTape tape, float[] adjoint, float lr, int from, int to) {
    public Unit {
      Objects.requireNonNull(tape, "tape");
      Objects.requireNonNull(adjoint, "adjoint");
      if (from < 0 || to < from || to > tape.numCoords()) {
        throw new IllegalArgumentException("bad coordinate range [" + from + ", " + to + ") for a tape of "
            + tape.numCoords());
      }
    }
  }

  private final Optim4RlKernel kernel;
  private final ForkJoinPool pool;

  /** An executor running {@code kernel} on {@code pool} (null: in the calling thread). */
  public Optim4RlExecutor(Optim4RlKernel kernel, ForkJoinPool pool) {
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    this.pool = pool;
  }

  public Optim4RlKernel kernel() {
    return kernel;
  }

  /**
   * Inner step {@code step} for the coordinates [from, to) of {@code tape}
   * ({@link Optim4RlKernel#forward}). Blocks run in parallel (the forward has no reduction).
   */
  public void forward(Optim4RlWeights w, Optim4RlTape tape, int step, float[] gradient, float clip, float lr,
      float[] update, int from, int to) {
    List<Runnable> jobs = new ArrayList<>();
    for (int b = from; b < to; b += BLOCK) {
      int lo = b;
      int hi = Math.min(to, b + BLOCK);
      jobs.add(() -> kernel.forward(w, tape, step, gradient, clip, update, lr, lo, hi));
    }
    run(jobs);
  }

  /** The meta-gradient of one range (deterministic, see the class comment). */
  public double[] metaGradient(Optim4RlWeights w, Optim4RlTape tape, float[] adjoint, float lr, int from, int to) {
    return metaGradients(w, List.of(new Unit(tape, adjoint, lr, from, to)))[0];
  }

  /** The meta-gradient of every unit (deterministic per unit); all blocks of all units run in parallel. */
  public double[][] metaGradients(Optim4RlWeights w, List<Unit> units) {
    int p = w.numParams();
    List<double[]> blockResults = new ArrayList<>();
    List<Runnable> jobs = new ArrayList<>();
    int[] firstBlock = new int[units.size() + 1];
    for (int u = 0; u < units.size(); u++) {
      Unit unit = units.get(u);
      firstBlock[u] = blockResults.size();
      for (int b = unit.from(); b < unit.to(); b += BLOCK) {
        int lo = b;
        int hi = Math.min(unit.to(), b + BLOCK);
        double[] result = new double[p];
        blockResults.add(result);
        jobs.add(() -> kernel.backward(w, unit.tape(), unit.adjoint(), unit.lr(), lo, hi, result));
      }
    }
    firstBlock[units.size()] = blockResults.size();
    run(jobs);
    double[][] out = new double[units.size()][p];
    for (int u = 0; u < units.size(); u++) {
      for (int b = firstBlock[u]; b < firstBlock[u + 1]; b++) {
        double[] r = blockResults.get(b);
        for (int i = 0; i < p; i++) {
          out[u][i] += r[i];
        }
      }
    }
    return out;
  }

  /** The sum of per-unit meta-gradients in unit order. */
  public static double[] sumInOrder(double[][] perUnit, int numParams) {
    double[] s = new double[numParams];
    for (double[] g : perUnit) {
      for (int i = 0; i < numParams; i++) {
        s[i] += g[i];
      }
    }
    return s;
  }

  private void run(List<Runnable> jobs) {
    if (pool == null || jobs.size() == 1) {
      jobs.forEach(Runnable::run);
      return;
    }
    List<ForkJoinTask<?>> tasks = new ArrayList<>(jobs.size());
    for (Runnable job : jobs) {
      tasks.add(pool.submit(job));
    }
    for (ForkJoinTask<?> t : tasks) {
      t.join();
    }
  }
}
