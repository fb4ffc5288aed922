package io.optim4rl.lopt;

import static io.optim4rl.lopt.VectorMath.L;
import static io.optim4rl.lopt.VectorMath.SPECIES;
import static io.optim4rl.lopt.VectorMath.W;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The fused Java Vector API implementation of {@link Optim4RlKernel} (jdk.incubator.vector, preferred
 * float species: L = 8 lanes with AVX2, 16 with AVX-512). One pass per W = 2 L coordinates (two vectors,
 * one coordinate per lane, {@link VectorMath}): load the 16 hidden units, run both branches (GRU + MLP,
 * {@link VectorBranch}) with every intermediate in registers or a few KB of L1-resident scratch, write
 * the new state and the update.
 *
 * <p>The backward runs, per pass, k = M-1..0: recompute step k from the recorded state (about a quarter
 * of the backward's arithmetic; storing the ~160 intermediates per coordinate and step instead would
 * stream 2.5 KB per coordinate through memory), the output derivatives dout/do1 = out and
 * dout/do2 = -1/2 out e^o2 / (e^o2 + 1e-8) (REFERENCE 5.2), then both branches' backward into per-lane
 * float accumulators (P x L floats, shared by the pass's two vectors), summed per parameter in lane
 * order into double at the end of the call. The last (to - from) mod W coordinates of a range go
 * through {@link Optim4RlScalarKernel}.
 */
public final class Optim4RlVectorKernel implements Optim4RlKernel {

  private static final int H = LearnedOptimizerKind.HIDDEN;
  private static final float EPS = (float) Optim4RlReference.EPS;
  /**
   * Coordinates per staging tile (a multiple of W): the backward copies the M recorded states of a tile
   * (16 KB each) into scratch first, and the forward copies the step's states in and its new states out
   * per tile, so that the passes read and write short sequential runs instead of 16 (forward) or 16 M
   * (backward) interleaved memory streams, more than the hardware prefetchers follow.
   */
  static final int TILE = 256;
  private static final Optim4RlVectorKernel INSTANCE = new Optim4RlVectorKernel();
  private static final ThreadLocal<Work> SCRATCH = new ThreadLocal<>();

  private Optim4RlVectorKernel() {}

  public static Optim4RlVectorKernel instance() {
    return INSTANCE;
  }

  /** Float lanes per vector (of the preferred species: 8 with AVX2, 16 with AVX-512). */
  public static int lanes() {
    return L;
  }

  /** Coordinates per vector pass (two vectors of the preferred float species). */
  public static int coordinatesPerPass() {
    return W;
  }

  @Override
  public String name() {
    return "vector" + L + "x2";
  }

  /** The scratch of one call: both branches and the output slots e1, e2, out. */
  private static final class Work {
    final VectorBranch b1;
    final VectorBranch b2;
    final float[] e = new float[3 * W];
    /** The forward's staged input and output states of a tile. */
    final float[] tileIn = new float[STATE * TILE];
    final float[] tileOut = new float[STATE * TILE];

    /** The weights the branches were built for. */
    final Optim4RlWeights weights;
    /** The backward's per-lane accumulators (zeroed per call) and staged recorded states. */
    final float[] acc;
    float[][] hid = new float[0][];

    Work(Optim4RlWeights w) {
      weights = w;
      acc = new float[w.numParams() * L];
      b1 = new VectorBranch(w, w.branch1);
      b2 = new VectorBranch(w, w.branch2);
    }

    /** The inputs x1 = g, x2 = g^2 with g = clamp(gradient[c, c + W)); stores g if asked. */
    void inputs(float[] gradient, float clip, float[] clippedOut, int c) {
      for (int v = 0; v < W; v += L) {
        FloatVector g = FloatVector.fromArray(SPECIES, gradient, c + v);
        if (clip > 0) { // compare-and-blend: FloatVector.max/min are five instructions each on AVX2
          g = g.blend(-clip, g.compare(VectorOperators.LT, -clip)).blend(clip, g.compare(VectorOperators.GT, clip));
        }
        if (clippedOut != null) {
          g.intoArray(clippedOut, c + v);
        }
        g.intoArray(b1.x, v);
        g.mul(g).intoArray(b2.x, v);
      }
    }

    /** Both branches from the state in {@code hidden}; then e1, e2 and out (see {@link #out}). */
    void forward(float[] hidden, int n, int c) {
      b1.load(hidden, 0, n, c);
      b2.load(hidden, H, n, c);
      b1.forward();
      b2.forward();
      System.arraycopy(b1.output(), 0, e, 0, W);
      System.arraycopy(b2.output(), 0, e, W, W);
      VectorMath.expInPlace(e, 0, 2);
      out(b1.x); // b1.x = g
    }

    /**
     * The out slot from e1, e2 and the gradient slot g: -sign(g) e1 / sqrt(e2 + eps), exactly 0 where
     * g == 0 (g * 0: NaN stays NaN).
     */
    void out(float[] g) {
      for (int v = 0; v < W; v += L) {
        FloatVector gv = FloatVector.fromArray(SPECIES, g, v);
        FloatVector m = FloatVector.fromArray(SPECIES, e, v)
            .div(FloatVector.fromArray(SPECIES, e, W + v).add(EPS).sqrt());
        VectorMask<Float> pos = gv.compare(VectorOperators.GT, 0f);
        VectorMask<Float> neg = gv.compare(VectorOperators.LT, 0f);
        gv.mul(0f).blend(m.neg(), pos).blend(m, neg).intoArray(e, 2 * W + v);
      }
    }

    /** update[c, c + W) = lr * out and the new state to coordinates [h, h + W) of {@code hiddenOut}. */
    void write(float lr, float[] update, int c, float[] hiddenOut, int n, int h) {
      for (int v = 0; v < W; v += L) {
        FloatVector.fromArray(SPECIES, e, 2 * W + v).mul(lr).intoArray(update, c + v);
      }
      b1.store(hiddenOut, 0, n, h);
      b2.store(hiddenOut, H, n, h);
    }

    /** dL/do1 = lr a out, dL/do2 = -1/2 lr a out e2 / (e2 + eps), into the branches' dOut slots. */
    void outputAdjoints(float[] adjoint, float lr, int c) {
      for (int v = 0; v < W; v += L) {
        FloatVector e2 = FloatVector.fromArray(SPECIES, e, W + v);
        FloatVector do1 = FloatVector.fromArray(SPECIES, adjoint, c + v).mul(lr)
            .mul(FloatVector.fromArray(SPECIES, e, 2 * W + v));
        do1.intoArray(b1.dOut, v);
        do1.mul(-0.5f).mul(e2).div(e2.add(EPS)).intoArray(b2.dOut, v);
      }
    }
  }

  /**
   * This thread's scratch for {@code w}: kept between calls (a few hundred KB per thread; fresh scratch
   * per block of coordinates meant as much freshly allocated, cache-cold memory per call as the block's
   * states), rebuilt when the weights change.
   */
  private static Work work(Optim4RlWeights w) {
    Work s = SCRATCH.get();
    if (s == null || s.weights != w) {
      s = new Work(w);
      SCRATCH.set(s);
    }
    return s;
  }

  @Override
  public void step(Optim4RlWeights w, float[] gradient, float[] hiddenIn, float[] hiddenOut, float[] update,
      float lr, int from, int to) {
    int n = hiddenIn.length / STATE;
    int end = from + (to - from) / W * W;
    Work s = work(w);
    for (int c = from; c < end; c += W) {
      s.inputs(gradient, 0f, null, c);
      s.forward(hiddenIn, n, c);
      s.write(lr, update, c, hiddenOut, n, c);
    }
    Optim4RlScalarKernel.instance().step(w, gradient, hiddenIn, hiddenOut, update, lr, end, to);
  }

  @Override
  public void forward(Optim4RlWeights w, Optim4RlTape tape, int k, float[] gradient, float clip, float[] update,
      float lr, int from, int to) {
    int n = tape.numCoords();
    int end = from + (to - from) / W * W;
    Work s = work(w);
    // The tiles are fields of the Work object, not locals: C2 (JDK 17) dropped the vector stores into a
    // local, non-escaping scratch array that was only read back by the copy-out (the forward's new states
    // came out as zeros after C2 compiled this method; KernelSoakTest covers it)
    float[] in = s.tileIn;
    float[] out = s.tileOut;
    for (int c0 = from; c0 < end; c0 += TILE) {
      int len = Math.min(TILE, end - c0);
      stage(tape.hidden(k), n, c0, in, len);
      for (int c = 0; c < len; c += W) {
        s.inputs(gradient, clip, tape.gradient(k), c0 + c);
        s.forward(in, TILE, c);
        s.write(lr, update, c0 + c, out, TILE, c);
      }
      unstage(out, len, tape.hidden(k + 1), n, c0);
    }
    Optim4RlScalarKernel.instance().forward(w, tape, k, gradient, clip, update, lr, end, to);
  }

  /**
   * Per tile of {@link #TILE} coordinates, the M recorded states are staged into scratch; then per pass
   * of W coordinates, k = M-1..0: recompute both branches' step k from the recorded state,
   * the output adjoints, then both branches' backward (the hidden-state adjoints are carried in the
   * branches' scratch). Processing one branch at a time (each branch's accumulators then fit in L1)
   * was measured to be no faster.
   */
  @Override
  public void backward(Optim4RlWeights w, Optim4RlTape tape, float[] adjoint, float lr, int from, int to,
      double[] metaGradient) {
    int n = tape.numCoords();
    int end = from + (to - from) / W * W;
    Work s = work(w);
    float[] acc = s.acc;
    Arrays.fill(acc, 0f);
    int steps = tape.steps();
    if (s.hid.length < steps) {
      s.hid = new float[steps][STATE * TILE];
    }
    float[][] hid = s.hid;
    for (int c0 = from; c0 < end; c0 += TILE) {
      int len = Math.min(TILE, end - c0);
      for (int k = 0; k < steps; k++) {
        stage(tape.hidden(k), n, c0, hid[k], len);
      }
      for (int c = 0; c < len; c += W) {
        s.b1.clearDelta();
        s.b2.clearDelta();
        for (int k = steps - 1; k >= 0; k--) {
          s.inputs(tape.gradient(k), 0f, null, c0 + c);
          s.forward(hid[k], TILE, c);
          s.outputAdjoints(adjoint, lr, c0 + c);
          s.b1.backward(acc, k > 0);
          s.b2.backward(acc, k > 0);
        }
      }
    }
    reduceLanes(acc, w.packedToCanonical, metaGradient);
    Optim4RlScalarKernel.instance().backward(w, tape, adjoint, lr, end, to, metaGradient);
  }

  /** Copies coordinates [c0, c0 + len) of a state buffer of n coordinates into a tile of TILE coordinates. */
  private static void stage(float[] hidden, int n, int c0, float[] tile, int len) {
    for (int j = 0; j < STATE; j++) {
      System.arraycopy(hidden, HiddenLayout.index(c0, j, n), tile, j * TILE, len);
    }
  }

  /** Copies a tile of TILE coordinates back into coordinates [c0, c0 + len) of a state buffer of n coordinates. */
  private static void unstage(float[] tile, int len, float[] hidden, int n, int c0) {
    for (int j = 0; j < STATE; j++) {
      System.arraycopy(tile, j * TILE, hidden, HiddenLayout.index(c0, j, n), len);
    }
  }

  /**
   * metaGradient[canonical(p)] += sum over lanes (in lane order, in double) of acc[p * L + lane], for
   * the accumulators in packed order p.
   */
  private static void reduceLanes(float[] acc, int[] packedToCanonical, double[] metaGradient) {
    for (int p = 0; p < packedToCanonical.length; p++) {
      double s = 0;
      for (int lane = 0; lane < L; lane++) {
        s += acc[p * L + lane];
      }
      metaGradient[packedToCanonical[p]] += s;
    }
  }
}
