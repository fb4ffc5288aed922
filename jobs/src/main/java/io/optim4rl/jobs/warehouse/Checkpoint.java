package io.optim4rl.jobs.warehouse;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Saved meta-parameters of a learned optimizer, as stored in the {@code checkpoints} table.
 *
 * @param runId the meta-training run
 * @param experiment its experiment
 * @param iteration outer iterations completed when saved
 * @param optimizerKind learned optimizer name, e.g. {@code optim4rl}
 * @param mlpDims the optimizer's MLP hidden sizes
 * @param formatVersion {@link #FORMAT_VERSION} when written; readers branch on it
 * @param configHash the run id (a hash of the resolved config) the parameters belong to
 * @param metaParams meta-parameters in canonical order
 * @param metaOptimizerState meta Adam state (m, v, count), for resuming; may be null
 * @param sha256 hex sha256 of the little-endian IEEE-754 bytes of {@code metaParams}
 * @param isFinal whether this is the last checkpoint of a finished run
 */
public record Checkpoint(String runId, String experiment, long iteration, String optimizerKind, List<Integer> mlpDims,
    int formatVersion, String configHash, double[] metaParams, double[] metaOptimizerState, String sha256,
    boolean isFinal) implements Serializable {

  private static final long serialVersionUID = 1L;
  /** The format this code writes. */
  public static final int FORMAT_VERSION = 1;

  /** A new checkpoint with its checksum computed. */
  public static Checkpoint of(String runId, String experiment, long iteration, String kind, List<Integer> mlpDims,
      double[] metaParams, double[] metaOptimizerState, boolean isFinal) {
    return new Checkpoint(runId, experiment, iteration, kind, List.copyOf(mlpDims), FORMAT_VERSION, runId,
        metaParams.clone(), metaOptimizerState == null ? null : metaOptimizerState.clone(), sha256(metaParams),
        isFinal);
  }

  /** Hex sha256 of the little-endian IEEE-754 bytes of {@code values}. */
  public static String sha256(double[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      buf.putDouble(v);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buf.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Checks the checkpoint before use: format version known, checksum matching, and (when given) the
   * expected optimizer kind, architecture and parameter count.
   *
   * @throws IllegalStateException naming the run, iteration and what is wrong, and what to do
   */
  public Checkpoint verify(String expectedKind, List<Integer> expectedMlpDims, long expectedNumParams) {
    String where = "checkpoint of run " + runId + " (experiment " + experiment + ") at iteration " + iteration;
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalStateException(where + " has format version " + formatVersion + "; this build reads version "
          + FORMAT_VERSION + " (use the release that wrote it, or re-run the meta-training)");
    }
    if (!sha256(metaParams).equals(sha256)) {
      throw new IllegalStateException(where + " is corrupt: the sha256 of its meta-parameters does not match the "
          + "stored one (re-run the meta-training, or select another checkpoint)");
    }
    if (expectedKind != null && !expectedKind.equals(optimizerKind)) {
      throw new IllegalStateException(where + " holds a '" + optimizerKind + "' optimizer, not '" + expectedKind + "'");
    }
    if (expectedMlpDims != null && !expectedMlpDims.equals(mlpDims)) {
      throw new IllegalStateException(where + " has mlpDims " + mlpDims + ", the config asks for " + expectedMlpDims);
    }
    if (expectedNumParams >= 0 && expectedNumParams != metaParams.length) {
      throw new IllegalStateException(where + " has " + metaParams.length + " meta-parameters; the optimizer needs "
          + expectedNumParams);
    }
    return this;
  }

  /** The row for {@link Tables#CHECKPOINTS}. */
  public Object[] toRow(long createdMicros) {
    return new Object[] {runId, iteration, optimizerKind, mlpDims.toString(), formatVersion, configHash,
        (long) metaParams.length, metaParams, metaOptimizerState, sha256, isFinal, createdMicros};
  }

  /** The file name of this checkpoint inside the experiment's partition. */
  public String fileName() {
    return runId + "-" + String.format("%08d", iteration);
  }
}
