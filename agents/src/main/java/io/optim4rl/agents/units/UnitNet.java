package io.optim4rl.agents.units;

import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import io.optim4rl.envs.Tasks;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A plain-Java float32 actor-critic net for one unit at a time (REFERENCE 2), in the same flat parameter
 * layout as the ND4J net of {@link io.optim4rl.agents.nets.Nets#forTask}: feature net, then
 * {@code logits = h K_a + b_a} and {@code value = h K_c + b_c}.
 *
 * <p>A forward pass handles one observation row and records what backward needs in a {@link UnitTape};
 * the observation is read once to list its non-zero entries, and the first layer only touches the kernel
 * rows of those entries (gridworld and catch observations are one-hot planes). Backward writes the full
 * gradient of {@code sum_t (dLogits_t . logits_t + dValues_t v_t)} over the first T rows of the tape.
 *
 * <p>Parameters live at {@code params[base .. base + P)} of a larger array (all units side by side).
 * Stateless and thread-safe; every mutable thing is in the tape and the scratch handed in.
 */
abstract class UnitNet {

  static final String ACTOR_BIAS = "actor_net.bias";
  static final String ACTOR_KERNEL = "actor_net.kernel";
  static final String CRITIC_BIAS = "critic_net.bias";
  static final String CRITIC_KERNEL = "critic_net.kernel";
  /** Standard deviation of a standard normal truncated to [-2, 2] (flax's LeCun-normal). */
  static final double TRUNCATED_STD = 0.87962566103423978;

  final ParamLayout layout;
  final int numParams;
  final int observationSize;
  final int hidden;
  final int numActions;
  private final int actorBias;
  private final int actorKernel;
  private final int criticBias;
  private final int criticKernel;

  UnitNet(Map<String, long[]> featureShapes, int observationSize, int hidden, int numActions) {
    featureShapes.put(ACTOR_BIAS, new long[] {numActions});
    featureShapes.put(ACTOR_KERNEL, new long[] {hidden, numActions});
    featureShapes.put(CRITIC_BIAS, new long[] {1});
    featureShapes.put(CRITIC_KERNEL, new long[] {hidden, 1});
    this.layout = ParamLayout.of(featureShapes);
    this.numParams = Math.toIntExact(layout.numParams());
    this.observationSize = observationSize;
    this.hidden = hidden;
    this.numActions = numActions;
    this.actorBias = offset(ACTOR_BIAS);
    this.actorKernel = offset(ACTOR_KERNEL);
    this.criticBias = offset(CRITIC_BIAS);
    this.criticKernel = offset(CRITIC_KERNEL);
  }

  /**
   * The net of {@code task}, chosen as {@link io.optim4rl.agents.nets.Nets#forTask} does: names with
   * {@code small} get D32, {@code big} C16_D32, {@code catch} D256 (aliases such as {@code bdl} resolved).
   */
  static UnitNet forTask(String task) {
    String name = Tasks.canonicalName(task);
    int[] shape = Tasks.observationShape(name);
    int actions = Tasks.numActions(name);
    if (name.contains("small")) {
      return new DenseUnitNet("D32", shape, 32, actions);
    }
    if (name.contains("big")) {
      return new ConvUnitNet(shape, actions);
    }
    if (name.contains("catch")) {
      return new DenseUnitNet("D256", shape, 256, actions);
    }
    throw new IllegalArgumentException("no actor-critic net for task '" + task + "' (REFERENCE 2)");
  }

  /** {@code D32}, {@code C16_D32} or {@code D256}. */
  abstract String name();

  /** A tape for {@code rows} forward rows (T + 1). */
  abstract UnitTape newTape(int rows);

  /** Scratch for a backward over {@code steps} rows. */
  abstract UnitScratch newScratch(int steps);

  /** Per-call constants of the feature net, computed before a unit's first forward row (default: none). */
  void prepareFeatures(float[] params, int base, UnitTape tape) {}

  /** Hidden features of row t into {@code tape.features}, from the hot entries already on the tape. */
  abstract void forwardFeatures(float[] params, int base, UnitTape tape, int t, UnitScratch s);

  /**
   * Backward over rows {@code 0 .. steps - 1} with {@code s.dLogits} and {@code s.dValues}: writes every
   * entry of {@code grads[gBase .. gBase + P)}.
   */
  abstract void backward(float[] params, int base, UnitTape tape, int steps, UnitScratch s, float[] grads,
      int gBase);

  /** Offset of tensor {@code name} in the flat layout. */
  final int offset(String name) {
    return Math.toIntExact(layout.get(name).offset());
  }

  /**
   * Forward of observation row t ({@code obs[obsOffset .. obsOffset + D)}): records its non-zero entries,
   * the features, logits and value on the tape.
   */
  final void forwardRow(float[] params, int base, float[] obs, int obsOffset, UnitTape tape, int t,
      UnitScratch s) {
    recordHot(obs, obsOffset, tape, t);
    forwardFeatures(params, base, tape, t, s);
    headsForward(params, base, tape, t);
  }

  private void recordHot(float[] obs, int obsOffset, UnitTape tape, int t) {
    int start = t == 0 ? 0 : tape.hotStart[t];
    tape.hotStart[t] = start;
    int n = start;
    for (int i = 0; i < observationSize; i++) {
      float v = obs[obsOffset + i];
      if (v != 0f) {
        if (n == tape.hotIndex.length) {
          tape.ensureHot(n + 1);
        }
        tape.hotIndex[n] = i;
        tape.hotValue[n++] = v;
      }
    }
    tape.hotStart[t + 1] = n;
  }

  private void headsForward(float[] p, int base, UnitTape tape, int t) {
    int h0 = t * hidden;
    int l0 = t * numActions;
    for (int j = 0; j < numActions; j++) {
      tape.logits[l0 + j] = p[base + actorBias + j]
          + FloatKernels.dotDouble(tape.features, h0, tape.actorKernelT, j * hidden, hidden);
    }
    tape.values[t] = p[base + criticBias]
        + FloatKernels.dotDouble(tape.features, h0, p, base + criticKernel, hidden);
  }

  /** Zeroes the head bias and critic kernel gradients and the actor kernel accumulator in the scratch. */
  final void beginHeadsBackward(float[] g, int gBase, UnitScratch s) {
    Arrays.fill(g, gBase + actorBias, gBase + actorBias + numActions, 0f);
    g[gBase + criticBias] = 0f;
    Arrays.fill(g, gBase + criticKernel, gBase + criticKernel + hidden, 0f);
    Arrays.fill(s.gradActorT, 0f);
  }

  /**
   * Backward through both heads for row t: adds the head gradients (the actor kernel's transposed, into
   * the scratch) and writes {@code dz_t = relu'(h_t) (K_a dLogits_t + K_c dValues_t)} into
   * {@code s.dHidden[t * H ..]}.
   */
  final void headsBackward(float[] p, int base, UnitTape tape, int t, UnitScratch s, float[] g, int gBase) {
    int h0 = t * hidden;
    int l0 = t * numActions;
    float dv = s.dValues[t];
    float[] h = tape.features;
    float[] dz = s.dHidden;
    int kc = base + criticKernel;
    for (int i = 0; i < hidden; i++) {
      dz[h0 + i] = dv * p[kc + i];
    }
    FloatKernels.axpy(g, gBase + criticKernel, dv, h, h0, hidden);
    g[gBase + criticBias] += dv;
    for (int j = 0; j < numActions; j++) {
      float dl = s.dLogits[l0 + j];
      FloatKernels.axpy(s.gradActorT, j * hidden, dl, h, h0, hidden);
      FloatKernels.axpy(dz, h0, dl, tape.actorKernelT, j * hidden, hidden);
      g[gBase + actorBias + j] += dl;
    }
    FloatKernels.reluBackwardInPlace(dz, h0, h, h0, hidden);
  }

  /** Writes the actor kernel gradient (H, A) from its transposed accumulator. */
  final void endHeadsBackward(float[] g, int gBase, UnitScratch s) {
    int k = gBase + actorKernel;
    for (int i = 0; i < hidden; i++) {
      for (int j = 0; j < numActions; j++) {
        g[k++] = s.gradActorT[j * hidden + i];
      }
    }
  }

  /** Per-call constants: the transposed actor kernel (A, H), then {@link #prepareFeatures}. */
  final void prepare(float[] p, int base, UnitTape tape) {
    int k = base + actorKernel;
    for (int i = 0; i < hidden; i++) {
      for (int j = 0; j < numActions; j++) {
        tape.actorKernelT[j * hidden + i] = p[k++];
      }
    }
    prepareFeatures(p, base, tape);
  }

  /**
   * Fresh parameters into {@code params[base .. base + P)}: every {@code *.kernel} LeCun-normal
   * ({@code z sqrt(1 / fan_in) / 0.8796...}, z standard normal truncated to [-2, 2] by rejection), every
   * bias 0, tensors in canonical order from {@code rng}: the same draws, rounded to float, as
   * {@code net.init(rng, FLOAT)} of the ND4J net.
   */
  final void init(float[] params, int base, SplittableRandom rng) {
    Arrays.fill(params, base, base + numParams, 0f);
    for (ParamTensor t : layout.tensors()) {
      if (t.name().endsWith(".kernel")) {
        long[] shape = t.shape();
        long fanIn = t.size() / shape[shape.length - 1];
        double scale = Math.sqrt(1.0 / fanIn) / TRUNCATED_STD;
        int start = base + Math.toIntExact(t.offset());
        for (int i = 0; i < t.size(); i++) {
          params[start + i] = (float) (scale * truncatedStandardNormal(rng));
        }
      }
    }
  }

  private static double truncatedStandardNormal(SplittableRandom rng) {
    while (true) {
      double z = rng.nextGaussian();
      if (z >= -2.0 && z <= 2.0) {
        return z;
      }
    }
  }
}
