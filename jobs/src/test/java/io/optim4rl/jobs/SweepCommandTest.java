package io.optim4rl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.runs.TaskRuntime;
import io.optim4rl.jobs.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep}: which command a config runs, --dry-run, and a second submission doing nothing. */
class SweepCommandTest {

  @TempDir Path dir;

  private static final String TRAIN_BODY = String.join("\n",
      "base:",
      "  task: catch",
      "  numEnvs: 4",
      "  trainSteps: 1600",
      "  optimizer: {name: adam, learningRate: 1e-3}",
      "sweep:",
      "  seed: [1, 2]",
      "  optimizer.name: [adam, rmsprop]",
      "");

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    TestSpark.get();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void sweepRunsEveryMissingRunOnceAndASecondSubmissionDoesNothing() throws IOException {
    Path conf = write("sw.yaml", "command: train\n" + TRAIN_BODY);
    String wh = dir.resolve("wh").toString();
    Result plan = run("sweep", "--conf", conf.toString(), "--warehouse", wh, "--dry-run");
    assertEquals(0, plan.code(), plan.err());
    assertTrue(plan.out().contains("4 runs, 0 already in"), plan.out());
    assertTrue(plan.out().contains("6,400 env steps in all"), plan.out());
    assertTrue(plan.out().contains("optimizer.name"), "the axes are columns: " + plan.out());

    Result first = run("sweep", "--conf", conf.toString(), "--warehouse", wh);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("4 runs, 0 already in"), first.out());

    Result second = run("sweep", "--conf", conf.toString(), "--warehouse", wh);
    assertEquals(0, second.code(), second.err());
    assertTrue(second.out().contains("4 runs, 4 already in") && second.out().contains("0 to run"), second.out());
    Result planAfter = run("sweep", "--conf", conf.toString(), "--warehouse", wh, "--dry-run");
    assertTrue(planAfter.out().contains("4 already in") && planAfter.out().contains("0 to run: 0 env steps"),
        planAfter.out());
  }

  @Test
  void theCommandIsDeclaredOrInferredAndAMismatchIsAClearError() throws IOException {
    Path undeclared = write("plain.yaml", TRAIN_BODY);
    assertEquals("train", Main.sweepCommand(cli("sweep", "--conf", undeclared.toString())));
    Path meta = write("meta.yaml", "command: meta-train\nbase:\n  tasks: [catch]\n  units: 4\n");
    assertEquals("meta-train", Main.sweepCommand(cli("sweep", "--conf", meta.toString())));

    Result wrong = run("train", "--conf", meta.toString(), "--dry-run");
    assertEquals(Main.EXIT_USAGE, wrong.code());
    assertTrue(wrong.err().contains("meta.yaml") && wrong.err().contains("command")
        && wrong.err().contains("bin/optim4rl meta-train"), wrong.err());
    Path unknown = write("odd.yaml", "command: fly\n" + TRAIN_BODY);
    Result odd = run("sweep", "--conf", unknown.toString(), "--dry-run");
    assertEquals(Main.EXIT_USAGE, odd.code());
    assertTrue(odd.err().contains("'fly'"), odd.err());
    Path neither = write("neither.yaml", "base:\n  nonsense: 1\n");
    Result none = run("sweep", "--conf", neither.toString());
    assertEquals(Main.EXIT_USAGE, none.code());
    assertTrue(none.err().contains("add a top-level 'command:"), none.err());
  }

  @Test
  void metaTrainDryRunShowsCoordinatesAndHeapPerShard() throws IOException {
    Path meta = write("m.yaml", String.join("\n", "command: meta-train", "base:", "  tasks: [catch]", "  units: 8",
        "  trainSteps: 8000", "sweep:", "  pipeline.resetInterval: [4, 8]", ""));
    Result r = run("sweep", "--conf", meta.toString(), "--warehouse", dir.resolve("w").toString(), "--dry-run",
        "--shards", "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("112,672"), "8 units x 14,084 catch parameters: " + r.out());
    assertTrue(r.out().contains("heap_mb_per_shard"), r.out());
    Result tooMany = run("meta-train", "--conf", meta.toString(), "--dry-run", "--shards", "9");
    assertEquals(Main.EXIT_USAGE, tooMany.code());
    assertTrue(tooMany.err().contains("--shards 9"), tooMany.err());
  }

  @Test
  void onlyFailuresARetryMayCureAreLeftToSpark() {
    assertTrue(TaskRuntime.isDeterministic(new ConfigException("bad")));
    assertTrue(!TaskRuntime.isDeterministic(new UncheckedIOException(new IOException("disk"))));
    assertTrue(!TaskRuntime.shouldRetry(new UncheckedIOException(new IOException("disk"))), "outside a task: never");
  }

  private static io.optim4rl.jobs.cli.CommandLine cli(String... args) {
    return io.optim4rl.jobs.cli.CommandLine.parse(args);
  }
}
