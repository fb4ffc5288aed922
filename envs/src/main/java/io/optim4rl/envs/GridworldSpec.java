package io.optim4rl.envs;

import java.util.List;
import java.util.Objects;

/**
 * An immutable gridworld configuration (REFERENCE 1.1): a rectangular map whose one-cell border is
 * wall and whose interior is entirely empty, a list of object types and a horizon.
 *
 * <p>Coordinates are (row, column), 0-based over the full map, border included. Empty cells are
 * enumerated row-major over the interior (row outer, column inner); empty-cell index {@code c} is the
 * sampling domain for every random placement.
 */
public final class GridworldSpec {

  /**
   * One object of a gridworld (REFERENCE 1.1): collecting it gives {@code reward}; the episode then
   * terminates with probability {@code termProb}; while absent, it reappears at each step with
   * probability {@code respawnProb} on a uniformly drawn empty cell.
   */
  public record ObjectSpec(double reward, double termProb, double respawnProb) {

    /** Validates both probabilities lie in [0, 1] and the reward is finite. */
    public ObjectSpec {
      if (!Double.isFinite(reward)) {
        throw new IllegalArgumentException("object reward must be finite, got " + reward);
      }
      checkProbability("termProb", termProb);
      checkProbability("respawnProb", respawnProb);
    }

    private static void checkProbability(String what, double p) {
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("object " + what + " must be in [0, 1], got " + p);
      }
    }
  }

  private static final ObjectSpec SPARSE_GOOD = new ObjectSpec(1.0, 0.0, 0.05);
  private static final ObjectSpec SPARSE_BAD = new ObjectSpec(-1.0, 0.5, 0.05);
  private static final ObjectSpec DENSE_GOOD = new ObjectSpec(1.0, 0.0, 0.5);
  private static final ObjectSpec DENSE_BAD = new ObjectSpec(-1.0, 0.5, 0.5);
  private static final int SHORT = 50;
  private static final int LONG = 500;

  /** The eight configurations of REFERENCE 1.1, in the table's order. */
  private static final List<GridworldSpec> ALL = List.of(
      of("small_sparse_short", 5, 10, List.of(SPARSE_GOOD, SPARSE_BAD), SHORT),
      of("small_sparse_long", 10, 5, List.of(SPARSE_GOOD, SPARSE_BAD), LONG),
      of("small_dense_short", 6, 8, List.of(DENSE_GOOD, DENSE_BAD), SHORT),
      of("small_dense_long", 8, 6, List.of(DENSE_GOOD, DENSE_BAD), LONG),
      of("big_sparse_short", 12, 14, List.of(SPARSE_GOOD, SPARSE_GOOD, SPARSE_BAD, SPARSE_BAD), SHORT),
      of("big_sparse_long", 14, 12, List.of(SPARSE_GOOD, SPARSE_GOOD, SPARSE_BAD, SPARSE_BAD), LONG),
      of("big_dense_short", 11, 15, List.of(DENSE_GOOD, DENSE_GOOD, DENSE_BAD, DENSE_BAD), SHORT),
      of("big_dense_long", 15, 11, List.of(DENSE_GOOD, DENSE_GOOD, DENSE_BAD, DENSE_BAD), LONG));

  private final String name;
  private final int height;
  private final int width;
  private final List<ObjectSpec> objects;
  private final int maxSteps;

  private GridworldSpec(String name, int height, int width, List<ObjectSpec> objects, int maxSteps) {
    this.name = name;
    this.height = height;
    this.width = width;
    this.objects = objects;
    this.maxSteps = maxSteps;
  }

  /**
   * A validated spec.
   *
   * @param height full map height including the two border rows (at least 3)
   * @param width full map width including the two border columns (at least 3)
   * @param objects object types in channel order; the map must hold the agent and all of them
   * @param maxSteps horizon, at least 1
   */
  public static GridworldSpec of(
      String name, int height, int width, List<ObjectSpec> objects, int maxSteps) {
    Objects.requireNonNull(name, "name");
    List<ObjectSpec> copy = List.copyOf(objects);
    if (height < 3 || width < 3) {
      throw new IllegalArgumentException(
          "gridworld '" + name + "': map " + height + "x" + width + " has no interior (need >= 3x3)");
    }
    if (copy.isEmpty() || copy.size() + 1 > (height - 2) * (width - 2)) {
      throw new IllegalArgumentException("gridworld '" + name + "': " + copy.size()
          + " objects plus the agent do not fit in " + (height - 2) * (width - 2) + " empty cells");
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("gridworld '" + name + "': maxSteps must be >= 1");
    }
    return new GridworldSpec(name, height, width, copy, maxSteps);
  }

  /** The eight configurations of REFERENCE 1.1. */
  public static List<GridworldSpec> all() {
    return ALL;
  }

  /** The configuration with this full name, for example {@code big_dense_long}. */
  public static GridworldSpec byName(String name) {
    for (GridworldSpec spec : ALL) {
      if (spec.name.equals(name)) {
        return spec;
      }
    }
    throw new IllegalArgumentException("unknown gridworld '" + name + "'");
  }

  public String name() {
    return name;
  }

  /** Full map height, border rows included. */
  public int height() {
    return height;
  }

  /** Full map width, border columns included. */
  public int width() {
    return width;
  }

  /** Object types in channel order (unmodifiable). */
  public List<ObjectSpec> objects() {
    return objects;
  }

  public int numObjects() {
    return objects.size();
  }

  public ObjectSpec object(int i) {
    return objects.get(i);
  }

  public int maxSteps() {
    return maxSteps;
  }

  /** True for the border cells (and for anything outside the map). */
  public boolean isWall(int row, int col) {
    return row <= 0 || col <= 0 || row >= height - 1 || col >= width - 1;
  }

  /** Number of empty (interior) cells. */
  public int numEmptyCells() {
    return (height - 2) * (width - 2);
  }

  /** Row of empty cell {@code c} in the row-major enumeration. */
  public int emptyRow(int c) {
    return 1 + c / (width - 2);
  }

  /** Column of empty cell {@code c} in the row-major enumeration. */
  public int emptyCol(int c) {
    return 1 + c % (width - 2);
  }

  /** Observation shape (N+1, H, W), channel-first. */
  public int[] observationShape() {
    return new int[] {numObjects() + 1, height, width};
  }

  @Override
  public String toString() {
    return name + " (" + height + "x" + width + ", " + numObjects() + " objects, " + maxSteps
        + " steps)";
  }
}
