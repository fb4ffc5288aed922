package io.optim4rl.lopt;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/** Dumps weights, inputs and outputs of the vector kernel (M forward + backward) for the C port check. */
public final class CportDump {
  static ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
  static FileOutputStream os;

  static void flushIf(int need) throws IOException {
    if (buf.remaining() < need) {
      os.write(buf.array(), 0, buf.position());
      buf.clear();
    }
  }
  static void i(int v) throws IOException { flushIf(4); buf.putInt(v); }
  static void f(float v) throws IOException { flushIf(4); buf.putFloat(v); }
  static void d(double v) throws IOException { flushIf(8); buf.putDouble(v); }
  static void fa(float[] a) throws IOException { for (float v : a) f(v); }

  static void branch(Optim4RlWeights.Branch b) throws IOException {
    int[] v = {b.wIr, b.wIz, b.wIn, b.bIr, b.bIz, b.bIn, b.wHr, b.wHz, b.wHn, b.bHn, b.hT, b.hS};
    for (int x : v) i(x);
    i(b.layers());
    for (int l = 0; l < b.layers(); l++) { i(b.kernel[l]); i(b.bias[l]); }
    for (int x : b.widths) i(x);
  }

  public static void main(String[] args) throws Exception {
    String file = args[0];
    int n = Integer.parseInt(args[1]);
    int steps = 4;
    float lr = 0.003f;
    float clip = 1f;
    SplittableRandom rng = new SplittableRandom(1);
    Optim4RlWeights w = Optim4RlWeights.of(KernelBenchmark.randomMetaParams(rng));
    float[][] gradients = KernelBenchmark.randomGradients(rng, steps, n);
    float[] adjoint = KernelBenchmark.randomAdjoint(rng, n);
    ForkJoinPool pool = new ForkJoinPool(2);
    Optim4RlExecutor exec = new Optim4RlExecutor(Optim4RlVectorKernel.instance(), pool);
    float[] h0 = null;
    float[][] updates = null;
    float[][] hiddens = null;
    double[] mg = null;
    // several repetitions (the JIT warms up); each: a fresh tape, M steps to get a non-zero state, carry
    // over, then the recorded M steps + backward; all repetitions must agree bit for bit
    for (int rep = 0; rep < 6; rep++) {
      Optim4RlTape tape = Optim4RlTape.create(n, steps);
      float[] update = new float[n];
      for (int k = 0; k < steps; k++) {
        exec.forward(w, tape, k, gradients[k], clip, lr, update, 0, n);
      }
      tape.carryOver();
      float[] h0r = tape.hidden(0).clone();
      float[][] upd = new float[steps][];
      for (int k = 0; k < steps; k++) {
        exec.forward(w, tape, k, gradients[k], clip, lr, update, 0, n);
        upd[k] = update.clone();
      }
      double[] m = exec.metaGradient(w, tape, adjoint, lr, 0, n);
      float[][] hid = new float[steps + 1][];
      for (int k = 0; k <= steps; k++) hid[k] = tape.hidden(k).clone();
      if (mg != null) {
        boolean same = java.util.Arrays.equals(m, mg) && java.util.Arrays.equals(h0r, h0);
        for (int k = 0; k < steps; k++) same &= java.util.Arrays.equals(upd[k], updates[k]);
        same &= java.util.Arrays.equals(hid[steps], hiddens[steps]);
        System.out.println("rep " + rep + " identical to previous: " + same);
      }
      h0 = h0r; updates = upd; hiddens = hid; mg = m;
    }
    pool.shutdown();
    os = new FileOutputStream(file);
    i(0x43504f52); // magic
    i(n); i(steps); i(w.numParams()); f(lr); f(clip);
    branch(w.branch1);
    branch(w.branch2);
    i(w.packed.length); fa(w.packed);
    i(w.packedTransposed.length); fa(w.packedTransposed);
    i(w.hiddenTransposed.length); fa(w.hiddenTransposed);
    i(w.hiddenStacked.length); fa(w.hiddenStacked);
    for (int p : w.packedToCanonical) i(p);
    for (float[] g : gradients) fa(g);
    fa(adjoint);
    fa(h0);
    for (float[] u : updates) fa(u);
    for (float[] h : hiddens) fa(h);
    for (double v : mg) d(v);
    os.write(buf.array(), 0, buf.position());
    os.close();
    System.out.println("wrote " + file + ": n=" + n + " P=" + w.numParams() + " mg[0]=" + mg[0]);
  }
}
