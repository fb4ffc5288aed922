package io.optim4rl.analysis.gradients;

/**
 * numpy {@code array_split} of n consecutive items into k contiguous parts: the first {@code n mod k} parts
 * hold {@code n div k + 1} items, the rest {@code n div k} (REFERENCE 7.3: 2,929 RL iterations give 19 parts
 * of 98 then 11 of 97; 4,200 MNIST steps give 30 parts of 140).
 */
public final class ArraySplit {

  /** The number of parts of the paper's figures and Table 4. */
  public static final int PAPER_PARTS = 30;

  private ArraySplit() {}

  /**
   * The 1-based part of item {@code index} (0-based) when {@code n} items are split into {@code parts}.
   *
   * @throws IllegalArgumentException if index is outside [0, n) or parts < 1
   */
  public static int part(long index, long n, int parts) {
    if (parts < 1 || index < 0 || index >= n) {
      throw new IllegalArgumentException("part of item " + index + " of " + n + " in " + parts + " parts");
    }
    long small = n / parts;
    long extra = n % parts;
    long bigSpan = extra * (small + 1);
    if (index < bigSpan) {
      return (int) (index / (small + 1)) + 1;
    }
    return (int) (extra + (index - bigSpan) / small) + 1;
  }

  /** The number of items of 1-based {@code part}. */
  public static long size(int part, long n, int parts) {
    return n / parts + (part <= n % parts ? 1 : 0);
  }
}
