package io.optim4rl.jobs;

import io.optim4rl.lopt.Optim4RlVectorKernel;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** How a result was made: the code version (git commit of the build) and the compute backend. */
public final class Provenance {

  private Provenance() {}

  /** The abbreviated git commit of the build, with {@code -dirty} when the tree had changes; else "unknown". */
  public static String codeVersion() {
    try (InputStream in = Provenance.class.getResourceAsStream("/git.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String id = p.getProperty("git.commit.id.abbrev", "unknown");
      return Boolean.parseBoolean(p.getProperty("git.dirty", "false")) ? id + "-dirty" : id;
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The float lanes of the learned optimizer's vector kernel in this JVM (the preferred species: 8 with AVX2,
   * 16 with AVX-512, fewer under {@code -XX:MaxVectorSize}). Meta-training results depend on it: the
   * meta-gradient's float sums run per lane first (the forward, and so evaluation, does not). Null in a JVM
   * started without {@code --add-modules jdk.incubator.vector} (it cannot run the kernel, but can run Adam or
   * RMSProp agents).
   */
  public static Integer vectorLanes() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? Optim4RlVectorKernel.lanes() : null;
  }

  /** {@code cpu} or {@code cuda}, from the ND4J backend in use. */
  public static String backend() {
    String name = Nd4j.getBackend().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    return name.contains("cuda") || name.contains("jcublas") ? "cuda" : "cpu";
  }
}
