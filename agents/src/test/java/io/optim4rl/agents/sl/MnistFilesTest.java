package io.optim4rl.agents.sl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFilesTest {

  @TempDir Path dir;

  @Test
  void readsGzipAndPlainFilesAndScalesPixels() throws IOException {
    SyntheticMnist.write(dir, new int[] {3, 1, 3, 0}, true);
    MnistData.Raw raw = MnistFiles.readTrainingSet(dir);
    assertArrayEquals(new int[] {3, 1, 3, 0}, raw.labels());
    assertEquals(4, raw.images().length);
    assertEquals(SyntheticMnist.pixel(2, 100) / 255f, raw.images()[2][100]);
    Path plain = dir.resolve("plain");
    SyntheticMnist.write(plain, new int[] {5, 6}, false);
    assertArrayEquals(new int[] {5, 6}, MnistFiles.readTrainingSet(plain).labels());
    MnistFiles.checkTrainingSet(plain);
  }

  @Test
  void aMissingFileIsNamedWithWhereToGetIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MnistFiles.readTrainingSet(dir));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    assertTrue(e.getMessage().contains("yann.lecun.com"), e.getMessage());
  }

  @Test
  void malformedFilesSayWhichFileAndWhere() throws IOException {
    SyntheticMnist.write(dir, new int[] {1, 2}, false);
    Path labels = dir.resolve(MnistFiles.LABELS);
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(labels))) {
      out.writeInt(0x00000803); // an images magic in the labels file
      out.writeInt(2);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MnistFiles.readTrainingSet(dir));
    assertTrue(e.getMessage().contains(labels.toString()) && e.getMessage().contains("at byte 0"), e.getMessage());
    Path images = dir.resolve(MnistFiles.IMAGES);
    byte[] all = Files.readAllBytes(images);
    Files.write(images, java.util.Arrays.copyOf(all, all.length - 10)); // truncated
    e = assertThrows(IllegalArgumentException.class, () -> MnistFiles.readImages(images));
    assertTrue(e.getMessage().contains("at byte " + (16 + 784)) && e.getMessage().contains("ends before"),
        e.getMessage());
  }

  @Test
  void balancingKeepsTheFirstImagesOfEveryDigitInMultiplesOfTheBatch() throws IOException {
    int[] labels = new int[10 * 7 + 3];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i < 70 ? i % 10 : 4; // 7 of every digit, 10 fours
    }
    SyntheticMnist.write(dir, labels, true);
    MnistData d = MnistData.balanced(MnistFiles.readTrainingSet(dir), -1, 3);
    assertArrayEquals(new int[] {6, 6, 6, 6, 6, 6, 6, 6, 6, 6}, d.classCounts()); // floor(7 / 3) * 3
    assertEquals(20, d.batchesPerEpoch(3));
    assertThrows(IllegalArgumentException.class, () -> MnistData.balanced(MnistFiles.readTrainingSet(dir), 8, 3));
  }

  /** Keeps the helper's gzip branch honest: the writer produces real gzip. */
  @Test
  void syntheticGzipStartsWithTheGzipMagic() throws IOException {
    SyntheticMnist.write(dir, new int[] {1}, true);
    byte[] b = Files.readAllBytes(dir.resolve(MnistFiles.LABELS + ".gz"));
    assertEquals((byte) 0x1f, b[0]);
    assertEquals((byte) 0x8b, b[1]);
    try (OutputStream ignored = new GZIPOutputStream(OutputStream.nullOutputStream())) {
      // nothing
    }
  }
}
