package io.optim4rl.agents.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the golden test vectors of {@code ../shared/golden} (float64, produced by an independent
 * PyTorch implementation; see that folder's README for provenance and the comparison rule).
 *
 * <p>The folder is found from the system property {@code optim4rl.golden.dir}, else the environment
 * variable {@code OPTIM4RL_GOLDEN_DIR}, else by walking up from the working directory to a
 * {@code shared/golden} folder (a checkout lives next to {@code shared/}).
 */
public final class Golden {

  /** Relative tolerance of the golden comparison rule for a float64 port. */
  public static final double REL_TOL = 1e-10;
  /** Absolute floor, as a fraction of the largest |expected| of the array. */
  public static final double ABS_FLOOR = 1e-12;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Golden() {}

  /** The golden directory. */
  public static Path dir() {
    String prop = System.getProperty("optim4rl.golden.dir");
    if (prop == null) {
      prop = System.getenv("OPTIM4RL_GOLDEN_DIR");
    }
    if (prop != null) {
      return Path.of(prop);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      for (Path candidate : new Path[] {p.resolve("shared/golden"), p.resolve("../shared/golden")}) {
        if (Files.isDirectory(candidate)) {
          return candidate.normalize();
        }
      }
      p = p.getParent();
    }
    throw new IllegalStateException(
        "golden vectors not found: set -Doptim4rl.golden.dir or OPTIM4RL_GOLDEN_DIR to shared/golden");
  }

  /** Parses one golden file, e.g. {@code load("optimizers.json")}. */
  public static JsonNode load(String file) {
    try {
      return MAPPER.readTree(dir().resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden file " + file, e);
    }
  }

  /** A JSON array of numbers (nested arrays are flattened row-major). */
  public static double[] doubles(JsonNode node) {
    if (node.has("data")) {
      node = node.get("data");
    }
    java.util.List<Double> out = new java.util.ArrayList<>();
    flatten(node, out);
    double[] a = new double[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void flatten(JsonNode node, java.util.List<Double> out) {
    if (node.isArray()) {
      for (JsonNode n : node) {
        flatten(n, out);
      }
    } else {
      out.add(node.asDouble());
    }
  }

  /** A JSON array of integers (flattened). */
  public static int[] ints(JsonNode node) {
    double[] d = doubles(node);
    int[] a = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      a[i] = (int) d[i];
    }
    return a;
  }

  /** Shape of a {@code {"shape": [...], "data": [...]}} tensor node. */
  public static long[] shape(JsonNode tensor) {
    JsonNode s = tensor.get("shape");
    long[] shape = new long[s.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = s.get(i).asLong();
    }
    return shape;
  }

  /**
   * Asserts the golden comparison rule: |a - e| <= REL_TOL |e| + ABS_FLOOR max|e| element-wise.
   */
  public static void assertClose(String what, double[] expected, double[] actual) {
    assertClose(what, expected, actual, REL_TOL);
  }

  /** As {@link #assertClose(String, double[], double[])} with a given relative tolerance. */
  public static void assertClose(String what, double[] expected, double[] actual, double relTol) {
    if (expected.length != actual.length) {
      throw new AssertionError(what + ": length " + actual.length + " != expected " + expected.length);
    }
    double max = 0;
    for (double e : expected) {
      max = Math.max(max, Math.abs(e));
    }
    double floor = (relTol == REL_TOL ? ABS_FLOOR : relTol * 1e-2) * max;
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(actual[i] - expected[i]);
      if (!(diff <= relTol * Math.abs(expected[i]) + floor)) {
        throw new AssertionError(
            what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i] + " (diff " + diff + ")");
      }
    }
  }
}
