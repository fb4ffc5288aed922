package io.optim4rl.lopt;

import java.util.Arrays;

/**
 * STAR's optimizer state for U units in double precision (REFERENCE 4.5): momentum (3 decays), RMS (1) and
 * Adafactor accumulators (3 decays), plus each unit's iteration counter. Coordinates of all units are
 * contiguous (unit u has [u P, (u + 1) P)); decay i of coordinate c is at {@code i * U P + c}; the fac
 * buffer holds {@link StarTensors#facSize()} entries per unit and decay at {@code i * U F + u F + j}.
 * Mutable; owned by one engine or one immutable {@link StarState}.
 */
final class StarBuffers {

  final int units;
  final int paramsPerUnit;
  final int facPerUnit;
  final double[] mom;
  final double[] rms;
  final double[] fac;
  final long[] iteration;

  StarBuffers(int units, StarTensors tensors) {
    this.units = units;
    this.paramsPerUnit = tensors.numParams();
    this.facPerUnit = tensors.facSize();
    long n = (long) units * paramsPerUnit;
    long f = (long) units * facPerUnit;
    if (3 * n > Integer.MAX_VALUE - 16 || 3 * f > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("STAR state too large: " + units + " units of " + paramsPerUnit + " params");
    }
    this.mom = new double[(int) (3 * n)];
    this.rms = new double[(int) n];
    this.fac = new double[(int) (3 * f)];
    this.iteration = new long[units];
  }

  private StarBuffers(StarBuffers o) {
    this.units = o.units;
    this.paramsPerUnit = o.paramsPerUnit;
    this.facPerUnit = o.facPerUnit;
    this.mom = o.mom.clone();
    this.rms = o.rms.clone();
    this.fac = o.fac.clone();
    this.iteration = o.iteration.clone();
  }

  StarBuffers copy() {
    return new StarBuffers(this);
  }

  void copyFrom(StarBuffers o) {
    System.arraycopy(o.mom, 0, mom, 0, mom.length);
    System.arraycopy(o.rms, 0, rms, 0, rms.length);
    System.arraycopy(o.fac, 0, fac, 0, fac.length);
    System.arraycopy(o.iteration, 0, iteration, 0, iteration.length);
  }

  /** Zero accumulators and iteration 0 for unit {@code u} (a fresh optimizer state). */
  void zeroUnit(int u) {
    int n = units * paramsPerUnit;
    int f = units * facPerUnit;
    for (int i = 0; i < 3; i++) {
      Arrays.fill(mom, i * n + u * paramsPerUnit, i * n + (u + 1) * paramsPerUnit, 0.0);
      Arrays.fill(fac, i * f + u * facPerUnit, i * f + (u + 1) * facPerUnit, 0.0);
    }
    Arrays.fill(rms, u * paramsPerUnit, (u + 1) * paramsPerUnit, 0.0);
    iteration[u] = 0;
  }

  /** Copies unit u's state of tensor t into the compact per-tensor state {@code s}. */
  void load(int u, StarTensors.Tensor t, StarCore.State s) {
    int n = units * paramsPerUnit;
    int f = units * facPerUnit;
    int c0 = u * paramsPerUnit + t.offset;
    int f0 = u * facPerUnit + t.facOffset;
    for (int i = 0; i < 3; i++) {
      System.arraycopy(mom, i * n + c0, s.m, i * t.size, t.size);
      System.arraycopy(fac, i * f + f0, s.fac, i * t.facSize, t.facSize);
    }
    System.arraycopy(rms, c0, s.rms, 0, t.size);
  }

  /** Writes the compact per-tensor state {@code s} back as unit u's state of tensor t. */
  void store(int u, StarTensors.Tensor t, StarCore.State s) {
    int n = units * paramsPerUnit;
    int f = units * facPerUnit;
    int c0 = u * paramsPerUnit + t.offset;
    int f0 = u * facPerUnit + t.facOffset;
    for (int i = 0; i < 3; i++) {
      System.arraycopy(s.m, i * t.size, mom, i * n + c0, t.size);
      System.arraycopy(s.fac, i * t.facSize, fac, i * f + f0, t.facSize);
    }
    System.arraycopy(s.rms, 0, rms, c0, t.size);
  }
}
