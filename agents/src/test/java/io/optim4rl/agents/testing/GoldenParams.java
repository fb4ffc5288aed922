package io.optim4rl.agents.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.optim4rl.agents.params.ParamLayout;
import io.optim4rl.agents.params.ParamTensor;
import java.util.Arrays;
import java.util.List;

/**
 * The golden files' sine parameter fill for a whole layout, checked against the file's description of
 * every tensor (name, shape, phase) and its checksum (sum, sum of |values|, first three, last; relative
 * 1e-12), as golden/README.md asks.
 */
public final class GoldenParams {

  /** Relative tolerance of the parameter checksums. */
  public static final double CHECKSUM_TOL = 1e-12;

  private GoldenParams() {}

  /** The flat parameters described by {@code paramFill} (a file's {@code param_fill} node). */
  public static double[] sineFill(JsonNode paramFill, ParamLayout layout) {
    JsonNode listed = paramFill.get("tensors_in_canonical_order");
    List<ParamTensor> tensors = layout.tensors();
    if (listed.size() != tensors.size()) {
      throw new AssertionError(
          "golden file lists " + listed.size() + " tensors, layout has " + tensors.size());
    }
    double[] flat = new double[Math.toIntExact(layout.numParams())];
    for (int j = 0; j < tensors.size(); j++) {
      ParamTensor t = tensors.get(j);
      JsonNode e = listed.get(j);
      String where = "tensor " + j + " (" + t.name() + ")";
      if (!e.get("name").asText().equals(t.name())
          || !Arrays.equals(Golden.shape(e), t.shape())) {
        throw new AssertionError(where + ": golden file has " + e.get("name").asText()
            + Arrays.toString(Golden.shape(e)) + ", layout has " + t);
      }
      if (e.get("phase").asDouble() != 0.3 + j) {
        throw new AssertionError(where + ": phase " + e.get("phase").asDouble() + " != 0.3 + " + j);
      }
      double[] v = SineFill.values(t.size(), j, e.get("scale").asDouble());
      checkChecksum(where, e.get("checksum"), v);
      System.arraycopy(v, 0, flat, Math.toIntExact(t.offset()), v.length);
    }
    return flat;
  }

  private static void checkChecksum(String where, JsonNode checksum, double[] v) {
    double sum = 0;
    double sumAbs = 0;
    for (double x : v) {
      sum += x;
      sumAbs += Math.abs(x);
    }
    JsonNode first = checksum.get("first");
    double[] actual = {sum, sumAbs, v[0], v[Math.min(1, v.length - 1)], v[Math.min(2, v.length - 1)],
        v[v.length - 1]};
    double[] expected = {checksum.get("sum").asDouble(), checksum.get("sum_abs").asDouble(),
        first.get(0).asDouble(), first.get(Math.min(1, first.size() - 1)).asDouble(),
        first.get(Math.min(2, first.size() - 1)).asDouble(), checksum.get("last").asDouble()};
    for (int i = 0; i < actual.length; i++) {
      double tol = CHECKSUM_TOL * Math.max(Math.abs(expected[i]), i < 2 ? sumAbs : 0);
      if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
        throw new AssertionError(where + ": checksum entry " + i + " expected " + expected[i]
            + " but the fill gives " + actual[i]);
      }
    }
  }
}
