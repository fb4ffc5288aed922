package io.optim4rl.agents.sl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The class-balanced MNIST training set of SLCollect (REFERENCE 7.2): sorted by label (stable), keeping for
 * every digit its first {@code perClass} images, where by default {@code perClass = floor(minClassCount /
 * batch) * batch} (5,421 -> 5,376 with batch 128, so 53,760 images); every epoch is a fresh random
 * permutation split into full batches (no partial batch). Immutable.
 */
public final class MnistData {

  /** The training files as read: images n x 784 in [0, 1] and labels. */
  public record Raw(float[][] images, int[] labels) {}

  private final float[][] images;
  private final int[] labels;

  private MnistData(float[][] images, int[] labels) {
    this.images = images;
    this.labels = labels;
  }

  /**
   * The balanced set.
   *
   * @param perClass images kept per digit; -1 = floor(min class count / batch) * batch
   * @throws IllegalArgumentException if a digit has fewer images than asked or none at all
   */
  public static MnistData balanced(Raw raw, int perClass, int batch) {
    int[] counts = new int[10];
    for (int y : raw.labels()) {
      counts[y]++;
    }
    int min = java.util.Arrays.stream(counts).min().orElse(0);
    int keep = perClass > 0 ? perClass : (min / batch) * batch;
    if (keep < 1 || keep > min) {
      throw new IllegalArgumentException("cannot keep " + keep + " images of every digit: the smallest class has "
          + min + " (counts per digit " + java.util.Arrays.toString(counts) + ")");
    }
    List<float[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (int digit = 0; digit < 10; digit++) {
      int taken = 0;
      for (int i = 0; i < raw.labels().length && taken < keep; i++) {
        if (raw.labels()[i] == digit) {
          x.add(raw.images()[i]);
          y.add(digit);
          taken++;
        }
      }
    }
    return new MnistData(x.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray());
  }

  public int size() {
    return labels.length;
  }

  /** Full batches per epoch. */
  public int batchesPerEpoch(int batch) {
    return size() / batch;
  }

  /** Labels per digit (for checks). */
  public int[] classCounts() {
    int[] c = new int[10];
    for (int y : labels) {
      c[y]++;
    }
    return c;
  }

  /** A uniformly random permutation of 0..size-1 (Fisher-Yates). */
  public int[] permutation(SplittableRandom rng) {
    int[] p = new int[size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    for (int i = p.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Images of {@code indices[from .. from+count)}. */
  public float[][] images(int[] indices, int from, int count) {
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      out[i] = images[indices[from + i]];
    }
    return out;
  }

  /** Labels of {@code indices[from .. from+count)}. */
  public int[] labels(int[] indices, int from, int count) {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = labels[indices[from + i]];
    }
    return out;
  }
}
