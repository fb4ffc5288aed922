package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * {@link LearnedOptimizerEngine} of STAR (REFERENCE 4.5, 5.5) in double precision: per unit and agent
 * tensor, the momentum / RMS / Adafactor accumulators and the iteration counter; the task's lr is STAR's
 * step_mult and update = -step - nominal.
 *
 * <p>Meta-gradient, FIRST ORDER (a documented deviation: the reference differentiates through g and p,
 * which adds Hessian terms): the gradients g_k and parameters p_k fed to STAR are constants, and
 * dL/dphi of L = sum_k sum_c adjoint[c] update_k[c] is exact for that objective. It flows through the MLP
 * weights, the per-tensor second-moment normalisation of the 28 feature channels, and the learned decays
 * via the accumulators over the M inner steps (BPTT over the accumulator states, truncated at the outer
 * iteration: the state carried in is a constant). The engine records g_k and p_k (float, as the agent
 * has them) and the state at the start of the iteration; the backward recomputes each tensor's states
 * and features.
 *
 * <p>Units are processed in parallel on the pool (null: the calling thread); each unit's meta-gradient is
 * accumulated by one thread in tensor and step order, so results do not depend on the thread count.
 */
public final class StarEngine implements LearnedOptimizerEngine {

  private static final int STAR_PARAMS = Math.toIntExact(MetaParamLayouts.star().numParams());

  private final StarTensors tensors;
  private final ForkJoinPool pool;
  private final int units;
  private final int paramsPerUnit;
  private final int numCoords;
  private final int steps;
  private final double lr;
  private final double clip;
  private final StarBuffers start;
  private final StarBuffers current;
  private final float[][] gradients;
  private final float[][] params;
  private final ThreadLocal<StarCore.Scratch> scratch;
  private StarCore core;
  private int stepsDone;

  /**
   * An engine over {@code numCoords} coordinates (a whole number of units laid out as {@code agentLayout}),
   * M = {@code innerUpdates}, step_mult {@code lr} and agent gradient clip {@code clip} (&lt;= 0: off).
   */
  public StarEngine(MetaParams metaParams, ParamLayout agentLayout, ForkJoinPool pool, int numCoords,
      int innerUpdates, double lr, double clip) {
    this.tensors = StarTensors.of(agentLayout);
    this.paramsPerUnit = tensors.numParams();
    if (numCoords % paramsPerUnit != 0) {
      throw new IllegalArgumentException("star: " + numCoords + " coordinates are not a whole number of units of "
          + paramsPerUnit + " parameters");
    }
    this.pool = pool;
    this.units = numCoords / paramsPerUnit;
    this.numCoords = numCoords;
    this.steps = innerUpdates;
    this.lr = lr;
    this.clip = clip;
    this.start = new StarBuffers(units, tensors);
    this.current = new StarBuffers(units, tensors);
    this.gradients = new float[steps][numCoords];
    this.params = new float[steps][numCoords];
    this.scratch = ThreadLocal.withInitial(() -> new StarCore.Scratch(tensors, steps));
    setMetaParams(metaParams);
  }

  @Override
  public int numCoords() {
    return numCoords;
  }

  @Override
  public void setMetaParams(MetaParams metaParams) {
    this.core = new StarCore(metaParams, lr);
  }

  @Override
  public void resetHidden(int from, int to) {
    if (from % paramsPerUnit != 0 || to % paramsPerUnit != 0 || from > to || to > numCoords) {
      throw new IllegalArgumentException("star resets whole units: [" + from + ", " + to + ") with " + paramsPerUnit
          + " parameters per unit");
    }
    for (int u = from / paramsPerUnit; u < to / paramsPerUnit; u++) {
      start.zeroUnit(u);
      current.zeroUnit(u);
    }
  }

  /** STAR reads the agent parameters: use {@link #forward(int, float[], float[], float[])}. */
  @Override
  public void forward(int step, float[] agentGradient, float[] update) {
    throw new UnsupportedOperationException("star needs the agent parameters: call forward(step, gradient, params, update)");
  }

  @Override
  public void forward(int step, float[] agentGradient, float[] agentParams, float[] update) {
    if (step != stepsDone || step >= steps) {
      throw new IllegalStateException("star: expected inner step " + stepsDone + " (of " + steps + "), got " + step);
    }
    float[] g = gradients[step];
    for (int c = 0; c < numCoords; c++) {
      float x = agentGradient[c];
      g[c] = clip > 0 ? (float) Math.max(-clip, Math.min(clip, x)) : x;
    }
    System.arraycopy(agentParams, 0, params[step], 0, numCoords);
    StarCore core = this.core;
    forEachUnit(u -> {
      StarCore.Scratch s = scratch.get();
      long iteration = current.iteration[u];
      for (StarTensors.Tensor t : tensors.tensors()) {
        int c0 = u * paramsPerUnit + t.offset;
        copy(g, c0, s.g, t.size);
        copy(params[step], c0, s.p, t.size);
        current.load(u, t, s.states[0]);
        core.forward(t, s.states[0], s.states[1], iteration, s, null, null);
        current.store(u, t, s.states[1]);
        for (int e = 0; e < t.size; e++) {
          update[c0 + e] = (float) s.update[e];
        }
      }
      current.iteration[u] = iteration + 1;
    });
    stepsDone++;
  }

  @Override
  public double[][] metaGradients(float[] adjoint, int numUnits, int paramsPerUnit) {
    if (numUnits != units || paramsPerUnit != this.paramsPerUnit) {
      throw new IllegalArgumentException("star engine has " + units + " units of " + this.paramsPerUnit
          + " parameters, asked for " + numUnits + " x " + paramsPerUnit);
    }
    StarCore core = this.core;
    int m = stepsDone;
    double[][] result = new double[units][STAR_PARAMS];
    forEachUnit(u -> {
      StarCore.Scratch s = scratch.get();
      double[] grad = result[u];
      long t0 = start.iteration[u];
      for (StarTensors.Tensor t : tensors.tensors()) {
        int c0 = u * this.paramsPerUnit + t.offset;
        start.load(u, t, s.states[0]);
        for (int k = 0; k < m; k++) {
          copy(gradients[k], c0, s.g, t.size);
          core.transition(t, s.states[k], s.states[k + 1], s);
        }
        copy(adjoint, c0, s.adj, t.size);
        StarCore.State dNext = s.dNext;
        StarCore.State dPrev = s.dPrev;
        dNext.zero(t);
        for (int k = m - 1; k >= 0; k--) {
          copy(gradients[k], c0, s.g, t.size);
          copy(params[k], c0, s.p, t.size);
          core.backward(t, s.states[k], s.states[k + 1], t0 + k, s, dNext, dPrev, grad);
          StarCore.State tmp = dNext;
          dNext = dPrev;
          dPrev = tmp;
        }
      }
    });
    return result;
  }

  @Override
  public void endIteration() {
    start.copyFrom(current);
    stepsDone = 0;
  }

  private void forEachUnit(IntConsumer body) {
    if (pool == null || units == 1) {
      for (int u = 0; u < units; u++) {
        body.accept(u);
      }
    } else {
      pool.submit(() -> IntStream.range(0, units).parallel().forEach(body)).join();
    }
  }

  private static void copy(float[] from, int offset, double[] to, int n) {
    for (int e = 0; e < n; e++) {
      to[e] = from[offset + e];
    }
  }
}
