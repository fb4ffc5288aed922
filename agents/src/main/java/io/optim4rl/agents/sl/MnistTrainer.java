package io.optim4rl.agents.sl;

import io.optim4rl.agents.a2c.TrainingDivergedException;
import io.optim4rl.agents.nets.MnistCnn;
import io.optim4rl.agents.optim.Optimizer;
import io.optim4rl.envs.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains MNIST_CNN with an agent optimizer (SLCollect, REFERENCE 7.2): parameters from
 * {@code Seeds.stream(seed, "mnist-init", 0)}, epoch e's permutation from {@code Seeds.stream(seed,
 * "mnist-epoch", e)}, one optimizer step per full batch. The optimizer receives the raw gradient (wrap it to
 * record the gradients).
 */
public final class MnistTrainer {

  /** Observes training; called after every step. */
  @FunctionalInterface
  public interface Listener {
    void onStep(long step, long steps, int epoch, double loss, double accuracy);
  }

  /** Per-epoch results: mean loss and accuracy over the epoch's batches. */
  public record Result(double[] epochLoss, double[] epochAccuracy, long steps) {}

  private final MnistCnn net = new MnistCnn();
  private final int epochs;
  private final int batch;
  private final long seed;

  public MnistTrainer(int epochs, int batch, long seed) {
    if (epochs < 1 || batch < 1) {
      throw new IllegalArgumentException("epochs and batch must be >= 1");
    }
    this.epochs = epochs;
    this.batch = batch;
    this.seed = seed;
  }

  /** Trains a fresh network on {@code data}. */
  public <S> Result train(MnistData data, Optimizer<S> optimizer, Listener listener) {
    INDArray params = net.init(Seeds.stream(seed, "mnist-init", 0), DataType.FLOAT);
    S state = optimizer.init(params);
    int perEpoch = data.batchesPerEpoch(batch);
    if (perEpoch < 1) {
      throw new IllegalArgumentException("the training set has " + data.size() + " images, less than one batch of "
          + batch);
    }
    long steps = (long) perEpoch * epochs;
    double[] loss = new double[epochs];
    double[] acc = new double[epochs];
    long step = 0;
    for (int e = 0; e < epochs; e++) {
      int[] perm = data.permutation(Seeds.stream(seed, "mnist-epoch", e));
      for (int k = 0; k < perEpoch; k++) {
        MnistCnn.Result r = net.lossAndGradient(params, data.images(perm, k * batch, batch),
            data.labels(perm, k * batch, batch));
        if (!Double.isFinite(r.loss())) {
          throw new TrainingDivergedException((int) step, "cross-entropy loss", r.loss(), "MNIST_CNN, optimizer "
              + optimizer + ", seed " + seed);
        }
        Optimizer.Step<S> s = optimizer.update(r.gradient(), state, params);
        params = params.add(s.update());
        state = s.state();
        loss[e] += r.loss() / perEpoch;
        acc[e] += (double) r.correct() / batch / perEpoch;
        listener.onStep(step, steps, e, r.loss(), (double) r.correct() / batch);
        step++;
      }
    }
    return new Result(loss, acc, step);
  }
}
