package io.optim4rl.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.Main;
import io.optim4rl.lopt.Optim4RlVectorKernel;
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
    Console c = new Console();
    assertEquals(Main.EXIT_USAGE, c.run("trian"));
    assertTrue(c.err().contains("unknown command 'trian'"));
    c.reset();
    assertEquals(Main.EXIT_USAGE, c.run("train"));
    assertTrue(c.err().contains("--conf FILE is required"));
    c.reset();
    assertEquals(Main.EXIT_USAGE, c.run("bench", "env", "--task", "pong"));
    assertTrue(c.err().contains("pong"));
    c.reset();
    // each bench sub-command takes only the options it reads: --coords would be silently ignored by bench meta
    assertEquals(Main.EXIT_USAGE, c.run("bench", "meta", "--coords", "1000"));
    assertTrue(c.err().contains("option --coords does not apply to 'bench meta'"), c.err());
    c.reset();
    assertEquals(Main.EXIT_USAGE, c.run("bench", "kernal", "--coords", "1000"));
    assertTrue(c.err().contains("bench needs one of env, gradients, kernel, meta, physics")
        && c.err().contains("  bench env --task NAME") && c.err().contains("  bench gradients --rows N"), c.err());
  }

  @Test
  void helpAfterACommandPrintsThatCommandsUsageAndRunsNothing() {
    Console c = new Console();
    assertEquals(0, c.run("train", "--help"), c.err());
    assertTrue(c.out().startsWith("usage: bin/optim4rl train [options]") && c.out().contains("  train --conf FILE")
        && c.out().contains("--explain: every key") && c.out().contains("--warehouse DIR")
        && !c.out().contains("meta-train") && !c.out().contains("tables:"), c.out());
    c.reset();
    // all five bench entries, and no benchmark ran (no JSON line)
    assertEquals(0, c.run("bench", "kernel", "--coords", "2000", "--help"), c.err());
    for (String sub : new String[] {"env", "meta", "kernel", "physics", "gradients"}) {
      assertTrue(c.out().contains("  bench " + sub + " "), sub + ": " + c.out());
    }
    assertTrue(!c.out().contains("{\"coords\"") && !c.out().contains("  train "), c.out());
    c.reset();
    assertEquals(Main.EXIT_USAGE, c.run("trian", "--help"));
    assertTrue(c.err().contains("unknown command 'trian'"), c.err());
    c.reset();
    assertEquals(0, c.run("help"));
    assertTrue(c.out().contains("  quickstart ") && c.out().contains("tables:"), c.out());
  }

  @Test
  void benchKernelPrintsHostSpeedAllocationAndWithVerboseEveryRepetition() {
    Console c = new Console();
    assertEquals(0, c.run("bench", "kernel", "--coords", "2000", "--verbose"));
    String json = c.lastLine();
    assertTrue(json.startsWith("{\"coords\":2000,") && json.contains("\"host_fma_per_ns\":")
        && json.contains("\"allocated_bytes_per_coord\":")
        && json.endsWith(",\"kernel\":\"" + Optim4RlVectorKernel.instance().name() + "\"}"), json);
    assertEquals(7, c.out().lines().filter(l -> l.startsWith("repetition: ")).count(), c.out());
    assertEquals(Main.EXIT_USAGE, c.run("bench", "meta", "--verbose"));
    assertTrue(c.err().contains("option --verbose does not apply to 'bench meta'"), c.err());
  }

  @Test
  void benchKernelTakesTheHeadSizesOfTheReleasedConfigs() {
    Console c = new Console();
    assertEquals(0, c.run("bench", "kernel", "--coords", "2000", "--mlp-dims", "none"));
    assertTrue(c.lastLine().contains("\"mlp_dims\":\"[]\""), c.lastLine());
    c.reset();
    assertEquals(0, c.run("bench", "kernel", "--coords", "2000"));
    assertTrue(c.out().contains("\"mlp_dims\":\"[16,16]\""), c.out());
    assertEquals(Main.EXIT_USAGE, c.run("bench", "kernel", "--mlp-dims", "16,x"));
    assertTrue(c.err().contains("--mlp-dims 16,x: expected positive layer sizes"), c.err());
    c.reset();
    assertEquals(Main.EXIT_USAGE, c.run("bench", "meta", "--mlp-dims", "none"));
    assertTrue(c.err().contains("option --mlp-dims does not apply to 'bench meta'"), c.err());
  }

  @Test
  void benchMetaTimesItsIterationsAfterTheGivenSecondsOfWarmUp() {
    Console c = new Console();
    String[] args = {"bench", "meta", "--task", "catch", "--units", "2", "--iterations", "3",
        "--warmup-seconds", "0.3"};
    assertEquals(0, c.run(args), c.err());
    String json = c.lastLine();
    assertTrue(json.startsWith("{\"task\":\"catch\",\"units\":2,\"optimizer\":\"optim4rl\",\"iterations\":3,")
        && json.contains("\"env_steps_per_second\":"), json);
    int warmupIterations = Integer.parseInt(json.replaceAll(".*\"warmup_iterations\":(\\d+),.*", "$1"));
    double warmupSeconds = Double.parseDouble(json.replaceAll(".*\"warmup_seconds\":([0-9.]+)}.*", "$1"));
    // the two in-run iterations plus at least one throw-away run of four, for at least the 0.3 s asked for
    assertTrue(warmupIterations >= 6 && (warmupIterations - 2) % 4 == 0, json);
    assertTrue(warmupSeconds >= 0.3, json);
    c.reset();
    args[args.length - 1] = "0";
    assertEquals(0, c.run(args));
    assertTrue(c.lastLine().endsWith("\"warmup_iterations\":2,\"warmup_seconds\":0.0}"), c.out());
    args[args.length - 1] = "-1";
    assertEquals(Main.EXIT_USAGE, c.run(args));
    assertTrue(c.err().contains("--warmup-seconds >= 0"), c.err());
    c.reset();
    assertEquals(Main.EXIT_USAGE, c.run("bench", "kernel", "--warmup-seconds", "1"));
    assertTrue(c.err().contains("option --warmup-seconds does not apply to 'bench kernel'"), c.err());
  }

  /** {@link Main#run}'s standard output and error, captured. */
  private static final class Console {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    int run(String... args) {
      return Main.run(args, out, err);
    }

    String out() {
      return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** The last line of the output (the benchmarks' JSON). */
    String lastLine() {
      String[] lines = out().strip().split("\n");
      return lines[lines.length - 1];
    }

    void reset() {
      outBytes.reset();
      errBytes.reset();
    }
  }
}
