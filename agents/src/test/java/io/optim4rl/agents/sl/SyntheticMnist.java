package io.optim4rl.agents.sl;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small synthetic MNIST training files in IDX format (for tests and demos; not real digits): image i
 * has pixel k = {@link #pixel}(i, k), a label-dependent blob so that a network can learn something.
 */
public final class SyntheticMnist {

  private SyntheticMnist() {}

  /** Pixel k (0..255) of image i; for label y the bright region is a block whose position depends on y. */
  public static int pixel(int i, int k) {
    return (k * 31 + i * 17) % 97 < 20 ? 255 : 0;
  }

  /** Writes train-images/labels (gzip when asked) with the given labels into {@code dir}. */
  public static void write(Path dir, int[] labels, boolean gzip) throws IOException {
    Files.createDirectories(dir);
    String suffix = gzip ? ".gz" : "";
    try (DataOutputStream out = open(dir.resolve(MnistFiles.IMAGES + suffix), gzip)) {
      out.writeInt(MnistFiles.IMAGES_MAGIC);
      out.writeInt(labels.length);
      out.writeInt(28);
      out.writeInt(28);
      for (int i = 0; i < labels.length; i++) {
        byte[] img = new byte[784];
        for (int k = 0; k < 784; k++) {
          int row = k / 28;
          int col = k % 28;
          boolean blob = row / 7 == labels[i] % 4 && col / 7 == labels[i] / 4 % 4;
          img[k] = (byte) Math.max(pixel(i, k) / 2, blob ? 230 : 0);
        }
        // keep pixel(i, k) exact at k = 100 for the reader test (row 3, col 16 is never a blob for label y
        // unless y % 4 == 0 and y / 4 % 4 == 2, i.e. y = 8)
        img[100] = (byte) pixel(i, 100);
        out.write(img);
      }
    }
    try (DataOutputStream out = open(dir.resolve(MnistFiles.LABELS + suffix), gzip)) {
      out.writeInt(MnistFiles.LABELS_MAGIC);
      out.writeInt(labels.length);
      for (int y : labels) {
        out.writeByte(y);
      }
    }
  }

  private static DataOutputStream open(Path p, boolean gzip) throws IOException {
    OutputStream o = Files.newOutputStream(p);
    return new DataOutputStream(gzip ? new GZIPOutputStream(o) : o);
  }
}
