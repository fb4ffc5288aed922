package io.optim4rl.agents.sl;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the standard MNIST training files in IDX format, gzip-compressed or plain:
 * {@code train-images-idx3-ubyte[.gz]} (magic 0x00000803, n, 28, 28, then n*784 unsigned bytes) and
 * {@code train-labels-idx1-ubyte[.gz]} (magic 0x00000801, n, then n labels 0..9). Nothing is downloaded: a
 * missing or malformed file fails with its path, what was wrong and where the files can be obtained.
 */
public final class MnistFiles {

  public static final String IMAGES = "train-images-idx3-ubyte";
  public static final String LABELS = "train-labels-idx1-ubyte";
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;
  /** Where the standard files can be obtained. */
  public static final String SOURCES = "the standard MNIST files (" + IMAGES + ".gz and " + LABELS + ".gz) are "
      + "published at http://yann.lecun.com/exdb/mnist/ and mirrored at "
      + "https://ossci-datasets.s3.amazonaws.com/mnist/; put them (gzip or unpacked) in one folder and pass it "
      + "with --set mnist.dir=DIR";

  private MnistFiles() {}

  /** The images (n x 784, scaled to [0, 1]) and labels of the training set in {@code dir}. */
  public static MnistData.Raw readTrainingSet(Path dir) {
    Path images = find(dir, IMAGES);
    Path labels = find(dir, LABELS);
    float[][] x = readImages(images);
    int[] y = readLabels(labels);
    if (x.length != y.length) {
      throw new IllegalArgumentException(images + " holds " + x.length + " images but " + labels + " holds "
          + y.length + " labels; " + SOURCES);
    }
    return new MnistData.Raw(x, y);
  }

  /** Checks that both files exist and their headers are valid (fast; for validating a config). */
  public static void checkTrainingSet(Path dir) {
    int n = header(find(dir, IMAGES), IMAGES_MAGIC, 3)[0];
    int m = header(find(dir, LABELS), LABELS_MAGIC, 1)[0];
    if (n != m) {
      throw new IllegalArgumentException(dir + ": " + n + " images but " + m + " labels; " + SOURCES);
    }
  }

  /** {@code dir/name.gz} or {@code dir/name}; fails naming both and the sources when neither exists. */
  static Path find(Path dir, String name) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("MNIST folder " + dir + " does not exist; " + SOURCES);
    }
    for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalArgumentException("missing MNIST file " + dir.resolve(name + ".gz") + " (or " + dir.resolve(name)
        + "); " + SOURCES);
  }

  static float[][] readImages(Path file) {
    try (DataInputStream in = open(file)) {
      int[] dims = header(in, file, IMAGES_MAGIC, 3);
      if (dims[1] != 28 || dims[2] != 28) {
        throw malformed(file, 8, "images are " + dims[1] + "x" + dims[2] + ", expected 28x28");
      }
      float[][] x = new float[dims[0]][784];
      byte[] buf = new byte[784];
      for (int i = 0; i < dims[0]; i++) {
        readFully(in, buf, file, 16L + 784L * i);
        for (int k = 0; k < 784; k++) {
          x[i][k] = (buf[k] & 0xff) / 255f;
        }
      }
      return x;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage() + "; " + SOURCES, e);
    }
  }

  static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int n = header(in, file, LABELS_MAGIC, 1)[0];
      byte[] buf = new byte[n];
      readFully(in, buf, file, 8);
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = buf[i] & 0xff;
        if (y[i] > 9) {
          throw malformed(file, 8L + i, "label " + y[i] + " is not a digit");
        }
      }
      return y;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage() + "; " + SOURCES, e);
    }
  }

  private static int[] header(Path file, int magic, int dims) {
    try (DataInputStream in = open(file)) {
      return header(in, file, magic, dims);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage() + "; " + SOURCES, e);
    }
  }

  private static int[] header(DataInputStream in, Path file, int magic, int dims) throws IOException {
    int m;
    try {
      m = in.readInt();
    } catch (EOFException e) {
      throw malformed(file, 0, "the file is empty or shorter than its 4-byte magic number");
    }
    if (m != magic) {
      throw malformed(file, 0, String.format("magic number 0x%08x, expected 0x%08x", m, magic));
    }
    int[] d = new int[dims];
    for (int i = 0; i < dims; i++) {
      try {
        d[i] = in.readInt();
      } catch (EOFException e) {
        throw malformed(file, 4 + 4L * i, "the header ends early");
      }
      if (d[i] < 0) {
        throw malformed(file, 4 + 4L * i, "negative dimension " + d[i]);
      }
    }
    return d;
  }

  private static void readFully(DataInputStream in, byte[] buf, Path file, long offset) throws IOException {
    try {
      in.readFully(buf);
    } catch (EOFException e) {
      throw malformed(file, offset, "the file ends before its header's count of items (truncated download?)");
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)) : raw;
    return new DataInputStream(in);
  }

  private static IllegalArgumentException malformed(Path file, long offset, String what) {
    return new IllegalArgumentException("malformed MNIST file " + file + " at byte " + offset
        + (file.toString().endsWith(".gz") ? " (uncompressed)" : "") + ": " + what + "; " + SOURCES);
  }
}
