package io.optim4rl.lopt;

import static io.optim4rl.lopt.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The fused Java Vector API implementation of {@link Optim4RlKernel} (jdk.incubator.vector, the
 * preferred float species: 8 lanes with AVX2). One pass per group of L coordinates, one coordinate per
 * lane: load the 16 hidden units, run both branches (GRU + MLP, {@link VectorBranch}) with every
 * intermediate in registers or a few KB of scratch, write the new state and update. The backward runs,
 * per group, k = M-1..0: recompute step k from the recorded state (cheaper than storing ~160 floats per
 * coordinate and step), the output derivatives dout/do1 = out, dout/do2 = -1/2 out e^o2 / (e^o2 + 1e-8)
 * (REFERENCE 5.2), then both branches' backward into per-lane float accumulators, which are summed per
 * parameter in lane order into double at the end of the call. exp/sigmoid/tanh are {@link VectorMath}'s
 * polynomials. Coordinates beyond the last full group go through {@link Optim4RlScalarKernel}.
 */
public final class Optim4RlVectorKernel implements Optim4RlKernel {

  private static final int L = SPECIES.length();
  private static final int H = LearnedOptimizerKind.HIDDEN;
  private static final float EPS = (float) Optim4RlReference.EPS;
  private static final Optim4RlVectorKernel INSTANCE = new Optim4RlVectorKernel();

  private Optim4RlVectorKernel() {}

  public static Optim4RlVectorKernel instance() {
    return INSTANCE;
  }

  /** The number of coordinates processed per vector (lanes of the preferred float species). */
  public static int lanes() {
    return L;
  }

  @Override
  public String name() {
    return "vector" + L;
  }

  @Override
  public void forward(Optim4RlWeights w, float[] gradient, float clip, float[] clippedOut, float[] hiddenIn,
      float[] hiddenOut, float[] update, float lr, int stride, int from, int to) {
    int end = from + (to - from) / L * L;
    VectorBranch b1 = new VectorBranch(w, w.branch1);
    VectorBranch b2 = new VectorBranch(w, w.branch2);
    for (int c = from; c < end; c += L) {
      FloatVector g = FloatVector.fromArray(SPECIES, gradient, c);
      if (clip > 0) {
        g = g.max(-clip).min(clip);
      }
      if (clippedOut != null) {
        g.intoArray(clippedOut, c);
      }
      b1.load(hiddenIn, 0, stride, c);
      b2.load(hiddenIn, H, stride, c);
      FloatVector o1 = b1.forward(g);
      FloatVector o2 = b2.forward(g.mul(g));
      FloatVector m = VectorMath.exp(o1).div(VectorMath.exp(o2).add(EPS).sqrt());
      signedOut(g, m).mul(lr).intoArray(update, c);
      b1.store(hiddenOut, 0, stride, c);
      b2.store(hiddenOut, H, stride, c);
    }
    if (end < to) {
      Optim4RlScalarKernel.instance().forward(w, gradient, clip, clippedOut, hiddenIn, hiddenOut, update, lr,
          stride, end, to);
    }
  }

  @Override
  public void backward(Optim4RlWeights w, float[][] gradients, float[][] hiddenBefore, float[] adjoint,
      float lr, int stride, int from, int to, double[] metaGradient) {
    int end = from + (to - from) / L * L;
    VectorBranch b1 = new VectorBranch(w, w.branch1);
    VectorBranch b2 = new VectorBranch(w, w.branch2);
    float[] acc = new float[w.numParams() * L];
    for (int c = from; c < end; c += L) {
      b1.clearDelta();
      b2.clearDelta();
      FloatVector dOut = FloatVector.fromArray(SPECIES, adjoint, c).mul(lr);
      for (int k = gradients.length - 1; k >= 0; k--) {
        FloatVector g = FloatVector.fromArray(SPECIES, gradients[k], c);
        b1.load(hiddenBefore[k], 0, stride, c);
        b2.load(hiddenBefore[k], H, stride, c);
        FloatVector o1 = b1.forward(g);
        FloatVector o2 = b2.forward(g.mul(g));
        FloatVector e2 = VectorMath.exp(o2);
        FloatVector a = e2.add(EPS);
        FloatVector out = signedOut(g, VectorMath.exp(o1).div(a.sqrt()));
        FloatVector do1 = dOut.mul(out);
        b1.backward(do1, acc);
        b2.backward(do1.mul(-0.5f).mul(e2).div(a), acc);
      }
    }
    reduceLanes(acc, metaGradient);
    if (end < to) {
      Optim4RlScalarKernel.instance().backward(w, gradients, hiddenBefore, adjoint, lr, stride, end, to,
          metaGradient);
    }
  }

  /** -sign(g) m, exactly 0 where g == 0 (g * 0: NaN stays NaN). */
  private static FloatVector signedOut(FloatVector g, FloatVector m) {
    VectorMask<Float> pos = g.compare(VectorOperators.GT, 0f);
    VectorMask<Float> neg = g.compare(VectorOperators.LT, 0f);
    return g.mul(0f).blend(m.neg(), pos).blend(m, neg);
  }

  /** metaGradient[p] += sum over lanes (in lane order, in double) of acc[p * L + lane]. */
  private static void reduceLanes(float[] acc, double[] metaGradient) {
    for (int p = 0; p < metaGradient.length; p++) {
      double s = 0;
      for (int lane = 0; lane < L; lane++) {
        s += acc[p * L + lane];
      }
      metaGradient[p] += s;
    }
  }
}
