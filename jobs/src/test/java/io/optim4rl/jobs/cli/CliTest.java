package io.optim4rl.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest {

  @Test
  void parsesRepeatedAndInlineOptions() {
    CommandLine cl = CommandLine.parse(new String[] {"train", "--conf", "a.yaml", "--set", "seed=1", "--set=task=catch",
        "--dry-run"});
    assertEquals("train", cl.command());
    assertEquals("a.yaml", cl.option("conf", null));
    assertEquals(List.of("seed=1", "task=catch"), cl.options("set"));
    assertTrue(cl.flag("dry-run"));
    UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse(new String[] {"train", "--cnof", "x"}));
    assertTrue(e.getMessage().contains("--cnof") && e.getMessage().contains("--conf"), e.getMessage());
    assertTrue(e.getMessage().contains("known: --conf, --coords, --envs,"), "sorted, so the same every run: "
        + e.getMessage());
    assertThrows(UsageException.class, () -> CommandLine.parse(new String[] {"train", "--conf"}));
  }

  @Test
  void progressBarShowsFractionElapsedAndEta() {
    ProgressBar bar = new ProgressBar(System.err, "train", false, 0);
    String line = bar.render(25, 100, 30, "1/4 runs");
    assertTrue(line.contains(" 25.0%"), line);
    assertTrue(line.contains("elapsed 0:30"), line);
    assertTrue(line.contains("ETA 1:30"), line);
    assertTrue(line.contains("1/4 runs"), line);
    assertTrue(bar.render(0, 100, 5, "").contains("ETA --:--"));
    assertEquals("1:01:01", ProgressBar.formatSeconds(3661));
  }

  @Test
  void csvAndJsonEscapeValues() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    List<List<Object>> rows = List.of(Arrays.asList("a,b", 1.5, null), Arrays.asList("q\"x", 2L, true));
    TablePrinter.print(out, TablePrinter.Format.CSV, List.of("s", "x", "y"), rows);
    assertEquals("s,x,y\n\"a,b\",1.5,\n\"q\"\"x\",2,true\n", buf.toString(StandardCharsets.UTF_8));
    buf.reset();
    TablePrinter.print(out, TablePrinter.Format.JSON, List.of("s", "x", "y"), rows);
    assertEquals("{\"s\":\"a,b\",\"x\":1.5,\"y\":null}\n{\"s\":\"q\\\"x\",\"x\":2,\"y\":true}\n",
        buf.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unknownCommandAndMissingConfAreUsageErrors() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_USAGE, Main.run(new String[] {"trian"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'trian'"));
    err.reset();
    assertEquals(Main.EXIT_USAGE, Main.run(new String[] {"train"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--conf FILE is required"));
    err.reset();
    assertEquals(Main.EXIT_USAGE, Main.run(new String[] {"bench", "env", "--task", "pong"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("pong"));
  }

  @Test
  void benchKernelPrintsHostSpeedAllocationAndWithVerboseEveryRepetition() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(0, Main.run(new String[] {"bench", "kernel", "--coords", "2000", "--verbose"}, o, e));
    String text = out.toString(StandardCharsets.UTF_8);
    String[] lines = text.strip().split("\n");
    String json = lines[lines.length - 1];
    assertTrue(json.startsWith("{\"coords\":2000,") && json.contains("\"host_fma_per_ns\":")
        && json.contains("\"allocated_bytes_per_coord\":"), json);
    assertEquals(7, text.lines().filter(l -> l.startsWith("repetition: ")).count(), text);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(Main.EXIT_USAGE, Main.run(new String[] {"bench", "meta", "--verbose"}, o,
        new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--verbose applies to bench kernel only"));
  }

  @Test
  void benchKernelTakesTheHeadSizesOfTheReleasedConfigs() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(0, Main.run(new String[] {"bench", "kernel", "--coords", "2000", "--mlp-dims", "none"}, o, e));
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertTrue(lines[lines.length - 1].contains("\"mlp_dims\":\"[]\""), lines[lines.length - 1]);
    out.reset();
    assertEquals(0, Main.run(new String[] {"bench", "kernel", "--coords", "2000"}, o, e));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"mlp_dims\":\"[16,16]\""), out.toString());
    assertEquals(Main.EXIT_USAGE, Main.run(new String[] {"bench", "kernel", "--mlp-dims", "16,x"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--mlp-dims 16,x: expected positive layer sizes"),
        err.toString());
    err.reset();
    assertEquals(Main.EXIT_USAGE, Main.run(new String[] {"bench", "meta", "--mlp-dims", "none"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--mlp-dims applies to bench kernel only"));
  }

  @Test
  void benchMetaTimesItsIterationsAfterTheGivenSecondsOfWarmUp() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    String[] args = {"bench", "meta", "--task", "catch", "--units", "2", "--iterations", "3", "--warmup-seconds", "0.3"};
    assertEquals(0, Main.run(args, o, e), err.toString(StandardCharsets.UTF_8));
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    String json = lines[lines.length - 1];
    assertTrue(json.startsWith("{\"task\":\"catch\",\"units\":2,\"optimizer\":\"optim4rl\",\"iterations\":3,")
        && json.contains("\"env_steps_per_second\":"), json);
    int warmupIterations = Integer.parseInt(json.replaceAll(".*\"warmup_iterations\":(\\d+),.*", "$1"));
    double warmupSeconds = Double.parseDouble(json.replaceAll(".*\"warmup_seconds\":([0-9.]+)}.*", "$1"));
    // the two in-run iterations plus at least one throw-away run of four, for at least the 0.3 s asked for
    assertTrue(warmupIterations >= 6 && (warmupIterations - 2) % 4 == 0, json);
    assertTrue(warmupSeconds >= 0.3, json);
    out.reset();
    args[args.length - 1] = "0";
    assertEquals(0, Main.run(args, o, e));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"warmup_iterations\":2,\"warmup_seconds\":0.0}"),
        out.toString(StandardCharsets.UTF_8));
    args[args.length - 1] = "-1";
    assertEquals(Main.EXIT_USAGE, Main.run(args, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--warmup-seconds >= 0"), err.toString());
    err.reset();
    assertEquals(Main.EXIT_USAGE, Main.run(new String[] {"bench", "kernel", "--warmup-seconds", "1"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--warmup-seconds applies to bench meta only"));
  }
}
