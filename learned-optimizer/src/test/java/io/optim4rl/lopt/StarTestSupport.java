package io.optim4rl.lopt;

import io.optim4rl.agents.params.ParamLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Fixtures of the STAR tests: small agent layouts and STAR meta-parameters with every term non-trivial. */
final class StarTestSupport {

  private StarTestSupport() {}

  /** An agent layout from (name, shape) pairs, canonical (sorted) order. */
  static ParamLayout layout(Object... nameShape) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (int i = 0; i < nameShape.length; i += 2) {
      shapes.put((String) nameShape[i], (long[]) nameShape[i + 1]);
    }
    return ParamLayout.of(shapes);
  }

  /**
   * Freshly initialised STAR meta-parameters with random biases (N(0, 0.3^2)) and decay parameters
   * (N(0, 0.05^2)); with {@code clipOne} the last Adafactor decay parameter is 0.8 (beta &lt; 0, clipped to 0).
   */
  static MetaParams metaParams(long seed, boolean clipOne) {
    SplittableRandom rng = new SplittableRandom(seed);
    MetaParams fresh = MetaParams.init(LearnedOptimizerKind.STAR, new int[0], rng);
    double[] v = fresh.values();
    for (var t : fresh.layout().tensors()) {
      boolean bias = t.name().startsWith("nn.b");
      boolean decay = t.name().endsWith("_decays");
      for (int i = 0; i < t.size(); i++) {
        if (bias) {
          v[(int) t.offset() + i] = 0.3 * rng.nextGaussian();
        } else if (decay) {
          v[(int) t.offset() + i] = 0.05 * rng.nextGaussian();
        }
      }
    }
    if (clipOne) {
      v[(int) fresh.layout().get("adafactor_decays").offset() + 2] = 0.8;
    }
    return fresh.withValues(v);
  }

  /** Float-representable normals with scale {@code scale} (the engine sees floats). */
  static float[] floats(int n, double scale, SplittableRandom rng) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (scale * rng.nextGaussian());
    }
    return x;
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
