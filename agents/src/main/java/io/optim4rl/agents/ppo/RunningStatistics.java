package io.optim4rl.agents.ppo;

/**
 * Running mean and standard deviation of observations (brax's {@code acme.running_statistics}), immutable.
 *
 * <p>{@link #update} merges a batch of {@code m} rows x_j into (count n, mean mu, summed variance S):
 * <pre>
 *   n' = n + m,   mu' = mu + sum_j (x_j - mu) / n',   S' = S + sum_j (x_j - mu)(x_j - mu'),
 *   std' = clip(sqrt(S' / n'), 1e-6, 1e6)
 * </pre>
 * (population variance; exact for any split of the data into batches). The initial state has n = 0,
 * mu = 0 and std = 1. {@link #normalize} maps x to {@code (x - mu) / std}. Statistics are kept in double.
 */
public final class RunningStatistics {

  /** Lower clip of the standard deviation. */
  public static final double STD_MIN = 1e-6;
  /** Upper clip of the standard deviation. */
  public static final double STD_MAX = 1e6;

  private final double count;
  private final double[] mean;
  private final double[] summedVariance;
  private final double[] std;

  private RunningStatistics(double count, double[] mean, double[] summedVariance, double[] std) {
    this.count = count;
    this.mean = mean;
    this.summedVariance = summedVariance;
    this.std = std;
  }

  /** The statistics of no data: mean 0, std 1. */
  public static RunningStatistics init(int size) {
    double[] ones = new double[size];
    java.util.Arrays.fill(ones, 1.0);
    return new RunningStatistics(0, new double[size], new double[size], ones);
  }

  public int size() {
    return mean.length;
  }

  public double count() {
    return count;
  }

  public double[] mean() {
    return mean.clone();
  }

  public double[] std() {
    return std.clone();
  }

  /** The statistics after also seeing {@code rows} rows of {@code batch} (row-major, from offset 0). */
  public RunningStatistics update(float[] batch, int rows) {
    int d = mean.length;
    if (rows < 1) {
      return this;
    }
    double newCount = count + rows;
    double[] newMean = mean.clone();
    double[] diffSum = new double[d];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < d; k++) {
        diffSum[k] += batch[r * d + k] - mean[k];
      }
    }
    for (int k = 0; k < d; k++) {
      newMean[k] += diffSum[k] / newCount;
    }
    double[] newSummed = summedVariance.clone();
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < d; k++) {
        double x = batch[r * d + k];
        newSummed[k] += (x - mean[k]) * (x - newMean[k]);
      }
    }
    double[] newStd = new double[d];
    for (int k = 0; k < d; k++) {
      newStd[k] = Math.min(Math.max(Math.sqrt(Math.max(newSummed[k], 0) / newCount), STD_MIN), STD_MAX);
    }
    return new RunningStatistics(newCount, newMean, newSummed, newStd);
  }

  /** Writes {@code (x - mean) / std} of {@code rows} rows of {@code in} (from inOffset) to {@code out}. */
  public void normalize(float[] in, int inOffset, float[] out, int outOffset, int rows) {
    int d = mean.length;
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < d; k++) {
        out[outOffset + r * d + k] = (float) ((in[inOffset + r * d + k] - mean[k]) / std[k]);
      }
    }
  }
}
