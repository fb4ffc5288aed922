package io.optim4rl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.config.ConfigSchema;
import io.optim4rl.jobs.config.ExperimentConfig;
import io.optim4rl.jobs.config.RunSpec;
import io.optim4rl.jobs.gradients.AnalyzeConfig;
import io.optim4rl.jobs.gradients.CollectConfig;
import io.optim4rl.jobs.meta.MetaTrainConfig;
import io.optim4rl.jobs.runs.RunKind;
import io.optim4rl.jobs.train.TrainJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped config in conf/ loads under the schema its command and agent select, expands into runs, and
 * those runs resolve (iterations and dry-run cost), so a typo in a config fails the build, not a user's job.
 */
class ConfFilesTest {

  @Test
  void everyConfigLoadsAndItsRunsResolve() throws IOException {
    List<Path> files = confFiles();
    assertTrue(files.size() > 60, "conf/ has the paper's experiments: " + files.size());
    for (Path f : files) {
      String name = f.getFileName().toString();
      String command = ExperimentConfig.declaredCommand(f);
      ConfigSchema schema = name.startsWith("collect_") ? CollectConfig.SCHEMA
          : name.startsWith("analyze_") ? AnalyzeConfig.SCHEMA : command == null ? null : Main.schemaFor(command, f);
      assertNotNull(schema, name + " declares a known command with a top-level 'command:' (got " + command + ")");
      // the MNIST configs need the user's folder of IDX files (never downloaded); any path passes validation
      List<String> sets = name.startsWith("collect_mnist") ? List.of("mnist.dir=/data/mnist") : List.of();
      List<RunSpec> runs = ExperimentConfig.load(f, schema, sets).expand();
      assertFalse(runs.isEmpty(), name);
      for (RunSpec r : runs) {
        if ("train".equals(command)) {
          RunKind.Cost c = TrainJob.cost(r);
          assertTrue(c.envSteps() > 0 && c.coordinates() > 0, name);
        } else if ("meta-train".equals(command)) {
          assertTrue(MetaTrainConfig.of(r).iterations() > 0, name + " has at least one iteration");
        }
      }
    }
  }

  /**
   * A config's header comment states its scale ("fresh A2C agents, 64 envs", "32 units"); the first such
   * number must be the config's numEnvs or units (six evaluation configs once said 512 envs and ran 64).
   */
  @Test
  void headerCommentsStateTheEnvsAndUnitsTheConfigRuns() throws IOException {
    List<Path> files = confFiles();
    int checked = 0;
    for (Path f : files) {
      String text = Files.readString(f);
      String header = text.lines().filter(l -> l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
      for (String[] pair : new String[][] {{"envs", "numEnvs"}, {"units", "units"}}) {
        Matcher said = Pattern.compile("(\\d[\\d,]*) " + pair[0] + "\\b").matcher(header);
        Matcher value = Pattern.compile("(?m)^\\s*" + pair[1] + ": (\\d+)\\s*$").matcher(text);
        if (said.find() && value.find()) {
          assertEquals(value.group(1), said.group(1).replace(",", ""),
              f.getFileName() + ": the header comment's " + pair[0] + " against " + pair[1]);
          checked++;
        }
      }
    }
    assertTrue(checked > 50, "configs whose header states their envs or units: " + checked);
  }

  private static List<Path> confFiles() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("..", "conf"))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
