package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;

/**
 * Optim4RL meta-parameters prepared for the float kernels: the flat float values in canonical order and
 * the offsets of every tensor of both branches (GRU_1/MLP_1 on g, GRU_2/MLP_2 on g^2, REFERENCE 4.2).
 * A meta-gradient produced by a kernel uses the same canonical order. Immutable.
 */
public final class Optim4RlWeights {

  /** Offsets of one branch's tensors in the flat vector; kernel (in, out) row-major, W[i][j] at i * out + j. */
  static final class Branch {
    final int wIr;
    final int wIz;
    final int wIn;
    final int bIr;
    final int bIz;
    final int bIn;
    final int wHr;
    final int wHz;
    final int wHn;
    final int bHn;
    /** Floats per branch in {@link #hiddenStacked}: the (8, 24) kernel, 24 biases, 24 input weights. */
    static final int STACKED = 5 * LearnedOptimizerKind.HIDDEN * LearnedOptimizerKind.HIDDEN;
    /** Offset of the 24 biases after a branch's start {@link #hS} in {@link #hiddenStacked}. */
    static final int STACKED_BIAS = 3 * LearnedOptimizerKind.HIDDEN * LearnedOptimizerKind.HIDDEN;
    /** Offset of the 24 input weights after a branch's start {@link #hS} in {@link #hiddenStacked}. */
    static final int STACKED_INPUT = 4 * LearnedOptimizerKind.HIDDEN * LearnedOptimizerKind.HIDDEN;
    /** Offset of this branch's stacked transposed hidden kernels in {@link #hiddenTransposed}. */
    final int hT;
    /** Offset of this branch's stacked forward hidden kernels in {@link #hiddenStacked}. */
    final int hS;
    /** MLP widths {8, mlpDims..., 1}. */
    final int[] widths;
    final int[] kernel;
    final int[] bias;

    Branch(ParamLayout layout, String rnn, String mlp, int[] mlpDims, int hT, int hS) {
      this.hT = hT;
      this.hS = hS;
      wIr = GruCell.offset(layout, rnn + ".ir.kernel");
      wIz = GruCell.offset(layout, rnn + ".iz.kernel");
      wIn = GruCell.offset(layout, rnn + ".in.kernel");
      bIr = GruCell.offset(layout, rnn + ".ir.bias");
      bIz = GruCell.offset(layout, rnn + ".iz.bias");
      bIn = GruCell.offset(layout, rnn + ".in.bias");
      wHr = GruCell.offset(layout, rnn + ".hr.kernel");
      wHz = GruCell.offset(layout, rnn + ".hz.kernel");
      wHn = GruCell.offset(layout, rnn + ".hn.kernel");
      bHn = GruCell.offset(layout, rnn + ".hn.bias");
      widths = MetaParamLayouts.mlpWidths(mlpDims, 1);
      kernel = new int[widths.length - 1];
      bias = new int[widths.length - 1];
      for (int l = 0; l < kernel.length; l++) {
        kernel[l] = GruCell.offset(layout, MetaParamLayouts.mlpLayer(mlp, l) + ".kernel");
        bias[l] = GruCell.offset(layout, MetaParamLayouts.mlpLayer(mlp, l) + ".bias");
      }
    }

    int layers() {
      return kernel.length;
    }

    /** The widest MLP layer. */
    int maxWidth() {
      int m = 0;
      for (int w : widths) {
        m = Math.max(m, w);
      }
      return m;
    }
  }

  private final MetaParams metaParams;
  final float[] phi;
  /**
   * phi in the vector kernel's packed order: every kernel (in, out) is stored as blocks of
   * {@link VectorLinear#COLS} = 4 output columns, {@code [block][i][4]}, then the remaining columns one
   * by one, {@code [j][i]}, at the
   * tensor's usual offset (biases unchanged). A block's weights are then contiguous in i, so the
   * kernel's index arithmetic has constant strides (which C2 can range-check-eliminate and unroll). The
   * vector kernel's gradient accumulators use the same order ({@link #packedToCanonical}).
   */
  final float[] packed;
  /** The transposed kernels (out, in), packed the same way, for the backward's products d K^T. */
  final float[] packedTransposed;
  /**
   * Per branch (at {@link Branch#hT}), the GRU's hidden kernels stacked and transposed for the backward's
   * dL/dh += da_r W_hr^T + da_z W_hz^T + du W_hn^T as one 24-input product: the (24, 8) matrix whose row
   * m is row m mod 8 of W_hr^T (m &lt; 8), W_hz^T (m &lt; 16), W_hn^T, packed like {@link #packed}.
   */
  final float[] hiddenTransposed;
  /**
   * Per branch (at {@link Branch#hS}), the GRU's three hidden products h W_hr, h W_hz, h W_hn as one (8, 24)
   * kernel for the forward, packed like {@link #packed} (columns 0-7 from W_hr, 8-15 from W_hz, 16-23 from
   * W_hn), followed by the 24 matching biases (b_ir, b_iz, b_hn) at {@code hS + 192} and the 24 input
   * weights (W_ir, W_iz, and 0 for the u part, whose input term goes to the candidate) at
   * {@code hS + 216}: the gate pre-activations and u then come out of one 24-output product.
   */
  final float[] hiddenStacked;
  /** packedToCanonical[p] = canonical index of packed index p. */
  final int[] packedToCanonical;
  final Branch branch1;
  final Branch branch2;

  private Optim4RlWeights(MetaParams metaParams) {
    if (metaParams.kind() != LearnedOptimizerKind.OPTIM4RL) {
      throw new IllegalArgumentException("Optim4RL kernels need Optim4RL meta-parameters, got " + metaParams);
    }
    this.metaParams = metaParams;
    this.phi = metaParams.floatValuesShared();
    int[] dims = metaParams.mlpDims();
    int stacked = 3 * LearnedOptimizerKind.HIDDEN * LearnedOptimizerKind.HIDDEN;
    this.branch1 = new Branch(metaParams.layout(), "rnn1", "mlp1", dims, 0, 0);
    this.branch2 = new Branch(metaParams.layout(), "rnn2", "mlp2", dims, stacked, Branch.STACKED);
    this.hiddenTransposed = new float[2 * stacked];
    stackHiddenTransposed(branch1);
    stackHiddenTransposed(branch2);
    this.hiddenStacked = new float[2 * Branch.STACKED];
    stackHidden(branch1);
    stackHidden(branch2);
    int p = phi.length;
    this.packed = new float[p];
    this.packedTransposed = new float[p];
    this.packedToCanonical = new int[p];
    for (int i = 0; i < p; i++) {
      packedToCanonical[i] = i;
    }
    for (var tensor : metaParams.layout().tensors()) {
      long[] shape = tensor.shape();
      if (shape.length == 2) {
        int off = Math.toIntExact(tensor.offset());
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(shape[1]);
        pack(rows, cols, off, false);
        pack(cols, rows, off, true);
      }
    }
    for (int i = 0; i < p; i++) {
      packed[i] = phi[packedToCanonical[i]];
    }
  }

  /**
   * Fills the packed order of a kernel seen as (nIn, nOut): into packedToCanonical, or (transposed)
   * straight into packedTransposed, where the kernel's (nIn, nOut) is the stored (out, in).
   */
  private void pack(int nIn, int nOut, int off, boolean transposed) {
    int q = off;
    int cols = VectorLinear.COLS;
    int full = nOut / cols * cols;
    for (int jb = 0; jb < full; jb += cols) {
      for (int i = 0; i < nIn; i++) {
        for (int t = 0; t < cols; t++) {
          place(q++, off, i, jb + t, nOut, nIn, transposed);
        }
      }
    }
    for (int j = full; j < nOut; j++) {
      for (int i = 0; i < nIn; i++) {
        place(q++, off, i, j, nOut, nIn, transposed);
      }
    }
  }

  private void place(int q, int off, int i, int j, int nOut, int nIn, boolean transposed) {
    if (transposed) {
      packedTransposed[q] = phi[off + j * nIn + i]; // stored (nOut', nIn') = (in, out): K^T[i][j] = K[j][i]
    } else {
      packedToCanonical[q] = off + i * nOut + j;
    }
  }

  /**
   * Row i, column m of the GRU's three hidden kernels side by side, the (8, 24) matrix [W_hr W_hz W_hn]:
   * W_g[i][m mod 8] with g = r, z, n for m &lt; 8, &lt; 16, &lt; 24.
   */
  private float stackedHidden(Branch b, int i, int m) {
    int h = LearnedOptimizerKind.HIDDEN;
    int gate = m < h ? b.wHr : m < 2 * h ? b.wHz : b.wHn;
    return phi[gate + i * h + m % h];
  }

  /** The transposed (24, 8) stack, packed in blocks of four output columns i. */
  private void stackHiddenTransposed(Branch b) {
    int h = LearnedOptimizerKind.HIDDEN;
    int q = b.hT;
    for (int ib = 0; ib < h; ib += VectorLinear.COLS) {
      for (int m = 0; m < 3 * h; m++) {
        for (int t = 0; t < VectorLinear.COLS; t++) {
          hiddenTransposed[q++] = stackedHidden(b, ib + t, m);
        }
      }
    }
  }

  /** The (8, 24) stack packed in blocks of four output columns m, then its biases and input weights. */
  private void stackHidden(Branch b) {
    int h = LearnedOptimizerKind.HIDDEN;
    int q = b.hS;
    for (int mb = 0; mb < 3 * h; mb += VectorLinear.COLS) {
      for (int i = 0; i < h; i++) {
        for (int t = 0; t < VectorLinear.COLS; t++) {
          hiddenStacked[q++] = stackedHidden(b, i, mb + t);
        }
      }
    }
    int[] biases = {b.bIr, b.bIz, b.bHn};
    int[] inputs = {b.wIr, b.wIz, -1};
    for (int m = 0; m < 3 * h; m++) {
      hiddenStacked[b.hS + Branch.STACKED_BIAS + m] = phi[biases[m / h] + m % h];
      hiddenStacked[b.hS + Branch.STACKED_INPUT + m] = inputs[m / h] < 0 ? 0f : phi[inputs[m / h] + m % h];
    }
  }

  /** The kernel form of Optim4RL meta-parameters. */
  public static Optim4RlWeights of(MetaParams metaParams) {
    return new Optim4RlWeights(metaParams);
  }

  public MetaParams metaParams() {
    return metaParams;
  }

  /** Number of meta-parameters (the length of a meta-gradient). */
  public int numParams() {
    return phi.length;
  }
}
