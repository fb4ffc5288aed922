package io.optim4rl.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigTest {

  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  private ExperimentConfig load(String yaml, String... sets) throws IOException {
    return ExperimentConfig.load(write("exp.yaml", yaml), TrainConfig.SCHEMA, List.of(sets));
  }

  private static final String CATCH = String.join("\n",
      "base:",
      "  task: catch",
      "  trainSteps: 5e5",
      "  optimizer:",
      "    learningRate: 1e-3",
      "sweep:",
      "  optimizer.name: [rmsprop, adam]",
      "  seed: [1, 2, 3]",
      "");

  @Test
  void expandsTheCartesianProductWithResolvedTypedValues() throws IOException {
    ExperimentConfig cfg = load(CATCH);
    assertEquals("exp", cfg.experiment());
    List<RunSpec> runs = cfg.expand();
    assertEquals(6, runs.size());
    RunSpec r = runs.get(0);
    assertEquals(500000L, r.config().get("trainSteps"));
    assertEquals(1e-3, r.config().get("optimizer.learningRate"));
    assertEquals(64, r.config().get("numEnvs"));
    assertEquals(Set.of("optimizer.name", "seed"), r.sweepValues().keySet());
    assertEquals(6, runs.stream().map(RunSpec::runId).distinct().count());
  }

  @Test
  void runIdsDependOnTheConfigNotOnPositionOrAxisOrder() throws IOException {
    List<RunSpec> a = load(CATCH).expand();
    String reordered = CATCH.replace("  optimizer.name: [rmsprop, adam]\n  seed: [1, 2, 3]",
        "  seed: [3, 2, 1]\n  optimizer.name: [adam, rmsprop]");
    List<RunSpec> b = load(reordered).expand();
    assertEquals(a.stream().map(RunSpec::runId).collect(Collectors.toSet()),
        b.stream().map(RunSpec::runId).collect(Collectors.toSet()));
    assertNotEquals(a.get(0).runId(), a.get(1).runId());
  }

  @Test
  void aDeclaredCommandMustMatchExceptThatTrainConfigsCanBeCollectedFrom() throws IOException {
    Path train = write("t.yaml", "command: train\n" + CATCH);
    assertEquals(6, ExperimentConfig.load(train, TrainConfig.SCHEMA, List.of()).expand().size());
    assertEquals(6, ExperimentConfig.load(train, io.optim4rl.jobs.gradients.CollectConfig.SCHEMA, List.of())
        .expand().size(), "collection switched on for a train config");
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.load(train,
        io.optim4rl.jobs.meta.MetaTrainConfig.SCHEMA, List.of()));
    assertTrue(e.getMessage().contains("t.yaml") && e.getMessage().contains("bin/optim4rl train"), e.getMessage());
  }

  @Test
  void setWithAListMakesASweepAxis() throws IOException {
    List<RunSpec> runs = load(CATCH, "optimizer.name=adam", "seed=[4, 5, 6, 7]").expand();
    assertEquals(4, runs.size());
    assertEquals(List.of(4L, 5L, 6L, 7L), runs.stream().map(r -> r.config().get("seed")).toList());
    assertEquals(7L, runs.get(3).sweepValues().get("seed"));
    assertThrows(ConfigException.class, () -> load(CATCH, "seed=[1, x]"));
  }

  @Test
  void setOverridesAKeyAndReplacesItsAxis() throws IOException {
    List<RunSpec> runs = load(CATCH, "optimizer.name=adam", "seed=1").expand();
    assertEquals(1, runs.size());
    assertEquals("adam", runs.get(0).config().get("optimizer.name"));
    assertEquals(1L, runs.get(0).config().get("seed"));
    String id = runs.get(0).runId();
    String sameFromSweep = load(CATCH).expand().stream()
        .filter(r -> r.config().get("optimizer.name").equals("adam") && r.config().get("seed").equals(1L))
        .findFirst().orElseThrow().runId();
    assertEquals(sameFromSweep, id, "a run has the same id whether it came from the sweep or from --set");
  }

  @Test
  void unknownKeyNamesFileKeyAndSuggestion() throws IOException {
    ConfigException e = assertThrows(ConfigException.class, () -> load("base:\n  task: catch\n  numEnv: 4\n"));
    assertTrue(e.getMessage().contains("exp.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("'numEnv'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean numEnvs"), e.getMessage());
  }

  @Test
  void wrongTypeOutOfRangeAndUnknownValuesAreRejectedWithAllowedValues() throws IOException {
    ConfigException type = assertThrows(ConfigException.class, () -> load("base:\n  task: catch\n  numEnvs: many\n"));
    assertTrue(type.getMessage().contains("numEnvs") && type.getMessage().contains("integer"), type.getMessage());
    ConfigException range = assertThrows(ConfigException.class, () -> load("base:\n  task: catch\n  gamma: 1.5\n"));
    assertTrue(range.getMessage().contains("gamma") && range.getMessage().contains("[0, 1]"), range.getMessage());
    ConfigException task = assertThrows(ConfigException.class, () -> load("base:\n  task: pong\n"));
    assertTrue(task.getMessage().contains("pong") && task.getMessage().contains("small_dense_long"),
        task.getMessage());
    ConfigException opt = assertThrows(ConfigException.class, () -> load(CATCH, "optimizer.name=adagrad"));
    assertTrue(opt.getMessage().contains("--set") && opt.getMessage().contains("rmsprop"), opt.getMessage());
    ConfigException clip = assertThrows(ConfigException.class, () -> load(CATCH, "optimizer.gradClip=-3"));
    assertTrue(clip.getMessage().contains("-1 (off)"), clip.getMessage());
    ConfigException sweepValue = assertThrows(ConfigException.class,
        () -> load("base:\n  task: catch\nsweep:\n  seed: [1, x]\n"));
    assertTrue(sweepValue.getMessage().contains("seed"), sweepValue.getMessage());
  }

  @Test
  void missingRequiredKeyAndTooFewStepsAreRejected() throws IOException {
    ConfigException missing = assertThrows(ConfigException.class, () -> load("base:\n  numEnvs: 4\n"));
    assertTrue(missing.getMessage().contains("'task'") && missing.getMessage().contains("required"),
        missing.getMessage());
    ConfigException steps = assertThrows(ConfigException.class,
        () -> load("base:\n  task: catch\n  numEnvs: 64\n  trainSteps: 100\n"));
    assertTrue(steps.getMessage().contains("trainSteps"), steps.getMessage());
  }

  @Test
  void missingFileAndBadYamlAndBadTopLevelFailClearly() throws IOException {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> ExperimentConfig.load(dir.resolve("nope.yaml"), TrainConfig.SCHEMA, List.of()));
    assertTrue(missing.getMessage().contains("nope.yaml") && missing.getMessage().contains("not found"));
    ConfigException yaml = assertThrows(ConfigException.class, () -> load("base: [unclosed\n"));
    assertTrue(yaml.getMessage().contains("YAML"), yaml.getMessage());
    ConfigException top = assertThrows(ConfigException.class, () -> load("task: catch\n"));
    assertTrue(top.getMessage().contains("top-level"), top.getMessage());
    ConfigException axis = assertThrows(ConfigException.class, () -> load("base:\n  task: catch\nsweep:\n  seed: 3\n"));
    assertTrue(axis.getMessage().contains("non-empty list"), axis.getMessage());
  }

  @Test
  void shippedConfigsLoadAndHaveTheReferenceSizes() {
    Path conf = Path.of("..", "conf");
    assertEquals(20, ExperimentConfig.load(conf.resolve("a2c_catch.yaml"), TrainConfig.SCHEMA, List.of())
        .expand().size());
    List<RunSpec> grid = ExperimentConfig.load(conf.resolve("a2c_grid.yaml"), TrainConfig.SCHEMA, List.of()).expand();
    assertEquals(720, grid.size());
    TrainConfig c = TrainConfig.of(grid.get(0));
    assertEquals(2929, c.iterations());
    assertEquals(1.0, c.optimizer().gradClip());
    TrainConfig catchRun = TrainConfig.of(ExperimentConfig.load(conf.resolve("a2c_catch.yaml"), TrainConfig.SCHEMA,
        List.of("optimizer.name=adam", "seed=1")).expand().get(0));
    assertEquals(390, catchRun.iterations());
    assertEquals("catch", catchRun.task());
  }

  @Test
  void explainListsEveryKey() throws IOException {
    String text = TrainConfig.SCHEMA.explain(load(CATCH).expand().get(0).config());
    for (String key : TrainConfig.SCHEMA.keys().keySet()) {
      assertTrue(text.contains(key), key);
    }
  }
}
