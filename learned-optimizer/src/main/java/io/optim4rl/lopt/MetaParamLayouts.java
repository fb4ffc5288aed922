package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Meta-parameter layouts of the learned optimizers with the reference's flax names, in canonical
 * (sorted-path) order (REFERENCE 4.2-4.4, golden/README.md):
 *
 * <ul>
 *   <li>GRU {@code <rnn>}: {@code ir.kernel}, {@code iz.kernel}, {@code in.kernel} (d_in, 8) with biases
 *       {@code ir.bias}, {@code iz.bias}, {@code in.bias} (8); {@code hr.kernel}, {@code hz.kernel},
 *       {@code hn.kernel} (8, 8); {@code hn.bias} (8). 248 scalars with d_in = 1, 272 with d_in = 2.
 *   <li>MLP {@code <mlp>}: flax {@code Sequential([Dense, relu, Dense, relu, Dense])}, so its Dense layers
 *       are {@code layers_0}, {@code layers_2}, {@code layers_4}, ... ({@code layers_0} only when
 *       mlpDims is empty): 8 -&gt; mlpDims... -&gt; out.
 *   <li>Optim4RL: {@code rnn1}, {@code rnn2}, {@code mlp1}, {@code mlp2} (out 1): 1,362 with [16, 16],
 *       514 with []. LinearOptim: {@code rnn}, {@code mlp} (out 3): 275 with []. L2LGD2: {@code rnn}
 *       (d_in 2), {@code mlp} (out 1): 281 with [].
 *   <li>STAR (haiku names, REFERENCE 4.5): {@code adafactor_decays} (3), {@code momentum_decays} (3),
 *       {@code nn.b0} (4), {@code nn.b1} (4), {@code nn.b2} (4), {@code nn.w0} (39, 4), {@code nn.w1} (4, 4),
 *       {@code nn.w2} (4, 4), {@code rms_decays} (1): 207. mlpDims does not apply (the MLP is fixed).
 * </ul>
 */
public final class MetaParamLayouts {

  /** The paper's MLP heads (REFERENCE 4.2): two hidden layers of 16. */
  public static final int[] PAPER_MLP_DIMS = {16, 16};

  private MetaParamLayouts() {}

  /** Paper default {@code [16, 16]} (a fresh copy). */
  public static int[] defaultMlpDims() {
    return PAPER_MLP_DIMS.clone();
  }

  /** The layout of {@code kind} with hidden MLP layers {@code mlpDims} (each &gt; 0; may be empty). */
  public static ParamLayout of(LearnedOptimizerKind kind, int[] mlpDims) {
    checkMlpDims(mlpDims);
    Map<String, long[]> shapes = new LinkedHashMap<>();
    if (kind == LearnedOptimizerKind.STAR) {
      return star();
    }
    if (kind == LearnedOptimizerKind.OPTIM4RL) {
      addGru(shapes, "rnn1", 1);
      addGru(shapes, "rnn2", 1);
      addMlp(shapes, "mlp1", mlpDims, 1);
      addMlp(shapes, "mlp2", mlpDims, 1);
    } else {
      addGru(shapes, "rnn", kind.inputDim());
      addMlp(shapes, "mlp", mlpDims, kind.outputSize());
    }
    return ParamLayout.of(shapes);
  }

  /** Optim4RL (REFERENCE 4.2). */
  public static ParamLayout optim4rl(int[] mlpDims) {
    return of(LearnedOptimizerKind.OPTIM4RL, mlpDims);
  }

  /** LinearOptim (REFERENCE 4.3). */
  public static ParamLayout linearOptim(int[] mlpDims) {
    return of(LearnedOptimizerKind.LINEAR_OPTIM, mlpDims);
  }

  /** L2LGD2 (REFERENCE 4.4). */
  public static ParamLayout l2lGd2(int[] mlpDims) {
    return of(LearnedOptimizerKind.L2L_GD2, mlpDims);
  }

  /** STAR's MLP: 39 inputs (28 normalised features + 11 time features), two hidden layers of 4, 4 outputs. */
  public static final int[] STAR_WIDTHS = {39, 4, 4, 4};

  /** STAR (REFERENCE 4.5): 207 meta-parameters; see the class comment for the names. */
  public static ParamLayout star() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("momentum_decays", new long[] {3});
    shapes.put("rms_decays", new long[] {1});
    shapes.put("adafactor_decays", new long[] {3});
    for (int l = 0; l + 1 < STAR_WIDTHS.length; l++) {
      shapes.put("nn.w" + l, new long[] {STAR_WIDTHS[l], STAR_WIDTHS[l + 1]});
      shapes.put("nn.b" + l, new long[] {STAR_WIDTHS[l + 1]});
    }
    return ParamLayout.of(shapes);
  }

  /** The flax name of Dense layer {@code layer} (0-based) of an MLP: {@code <prefix>.layers_<2 layer>}. */
  public static String mlpLayer(String prefix, int layer) {
    return prefix + ".layers_" + (2 * layer);
  }

  /** The layer widths of an MLP head: {8, mlpDims..., out}. */
  static int[] mlpWidths(int[] mlpDims, int out) {
    int[] widths = new int[mlpDims.length + 2];
    widths[0] = LearnedOptimizerKind.HIDDEN;
    System.arraycopy(mlpDims, 0, widths, 1, mlpDims.length);
    widths[widths.length - 1] = out;
    return widths;
  }

  static void checkMlpDims(int[] mlpDims) {
    if (mlpDims == null) {
      throw new IllegalArgumentException("mlpDims must not be null (use [] for a single Dense head)");
    }
    for (int d : mlpDims) {
      if (d <= 0) {
        throw new IllegalArgumentException("mlpDims entries must be > 0, got " + java.util.Arrays.toString(mlpDims));
      }
    }
  }

  private static void addGru(Map<String, long[]> shapes, String prefix, int inputDim) {
    long h = LearnedOptimizerKind.HIDDEN;
    for (String gate : new String[] {"ir", "iz", "in"}) {
      shapes.put(prefix + "." + gate + ".kernel", new long[] {inputDim, h});
      shapes.put(prefix + "." + gate + ".bias", new long[] {h});
    }
    for (String gate : new String[] {"hr", "hz", "hn"}) {
      shapes.put(prefix + "." + gate + ".kernel", new long[] {h, h});
    }
    shapes.put(prefix + ".hn.bias", new long[] {h});
  }

  private static void addMlp(Map<String, long[]> shapes, String prefix, int[] mlpDims, int out) {
    int[] widths = mlpWidths(mlpDims, out);
    for (int l = 0; l + 1 < widths.length; l++) {
      shapes.put(mlpLayer(prefix, l) + ".kernel", new long[] {widths[l], widths[l + 1]});
      shapes.put(mlpLayer(prefix, l) + ".bias", new long[] {widths[l + 1]});
    }
  }
}
