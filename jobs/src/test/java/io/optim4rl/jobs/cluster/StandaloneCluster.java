package io.optim4rl.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and workers as child JVMs started from the
 * test classpath, and applications submitted the way users submit them ({@code SparkSubmit} as a child
 * process, {@code --class io.optim4rl.jobs.Main <jar> <command args>}).
 *
 * <p>The workers' SPARK_HOME is a folder whose {@code jars/} holds every jar of the test classpath (symlinks)
 * and a jar made of every classes directory on it (during {@code mvn test} the modules are not packaged
 * yet); workers launch executors with {@code SPARK_HOME/jars/*} as their classpath. Ports are free ones, so
 * clusters of concurrent builds do not collide. {@link #close()} kills every process it started and all of
 * their descendants (executors included), and a shutdown hook does the same if the test JVM exits first.
 */
public final class StandaloneCluster implements AutoCloseable {

  /** The flags Spark needs on Java 17, as in bin/optim4rl (master, workers, drivers and executors). */
  public static final List<String> SPARK_JAVA_FLAGS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true",
      "-Duser.timezone=UTC", "--add-modules=jdk.incubator.vector");

  private static final String MAIN_CLASS = "io.optim4rl.jobs.Main";
  /**
   * JVM options of the daemons and the drivers, which compute little: the client compiler only and the
   * serial collector start faster and take less CPU from the executors on a small machine. Executors keep
   * the defaults (the learned optimizer's Vector API kernels need C2).
   */
  private static final List<String> LIGHT_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  private static final String DAEMON_LOG4J = String.join("\n",
      "rootLogger.level = info",
      "rootLogger.appenderRef.stderr.ref = console",
      "appender.console.type = Console",
      "appender.console.name = console",
      "appender.console.target = SYSTEM_ERR",
      "appender.console.layout.type = PatternLayout",
      "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
      "");

  /** How a submitted application ended: its exit code, its stdout and stderr together, and its wall time. */
  public record Submission(int exitCode, String output, double seconds) {}

  private final Path dir;
  private final Path sparkHome;
  private final Path appJar;
  private final int coresPerWorker;
  private final String workerMemory;
  private final int masterPort;
  private final int webUiPort;
  private final Process master;
  /** Workers by index (1-based, in start order); a killed worker's entry stays with a dead process. */
  private final Map<Integer, Process> workers = new LinkedHashMap<>();
  private final List<Process> others = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::killAll, "standalone-cluster-cleanup");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private boolean closed;

  private StandaloneCluster(Path dir, int coresPerWorker, String workerMemory) throws IOException {
    this.dir = dir;
    this.coresPerWorker = coresPerWorker;
    this.workerMemory = workerMemory;
    this.sparkHome = dir.resolve("spark-home");
    Files.createDirectories(sparkHome.resolve("conf"));
    this.appJar = populateJars(sparkHome.resolve("jars"));
    Files.writeString(dir.resolve("log4j2-daemons.properties"), DAEMON_LOG4J);
    this.masterPort = freePort();
    this.webUiPort = freePort();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    this.master = startDaemon("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(webUiPort)));
  }

  /**
   * Starts a master and {@code workers} workers under {@code dir} (created), each with {@code coresPerWorker}
   * cores and {@code workerMemory} (e.g. "2g") for executors, and waits until they registered.
   */
  public static StandaloneCluster start(Path dir, int workers, int coresPerWorker, String workerMemory)
      throws IOException {
    StandaloneCluster c = launch(dir, workers, coresPerWorker, workerMemory);
    try {
      c.awaitAliveWorkers(workers, Duration.ofSeconds(120));
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  /**
   * Like {@link #start} but returns as soon as the processes are started, so a test can do other work while
   * the JVMs come up; {@link #ensureWorkers} or {@link #awaitAliveWorkers} waits for them.
   */
  public static StandaloneCluster launch(Path dir, int workers, int coresPerWorker, String workerMemory)
      throws IOException {
    Files.createDirectories(dir);
    StandaloneCluster c = new StandaloneCluster(dir, coresPerWorker, workerMemory);
    try {
      for (int i = 0; i < workers; i++) {
        c.startWorker();
      }
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  /** A fresh folder for a cluster under {@code target/} of the working directory (else the temp dir). */
  public static Path newDir(String name) throws IOException {
    Path base = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    return Files.createDirectories(base.resolve(name + "-" + stamp).toAbsolutePath());
  }

  /** {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The cluster's folder (spark-home, logs, work directories). */
  public Path dir() {
    return dir;
  }

  /** Starts one more worker; returns its index. */
  public synchronized int startWorker() {
    int index = workers.size() + 1;
    Path work = dir.resolve("work").resolve("worker-" + index);
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    workers.put(index, startDaemon("worker-" + index, List.of("org.apache.spark.deploy.worker.Worker", "--host",
        "127.0.0.1", "--cores", String.valueOf(coresPerWorker), "--memory", workerMemory, "--work-dir",
        work.toString(), "--webui-port", "0", masterUrl())));
    return index;
  }

  /** Indices of the workers whose process is alive. */
  public synchronized List<Integer> runningWorkers() {
    return workers.entrySet().stream().filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey).toList();
  }

  /** Starts workers until {@code n} run, and waits until the master counts {@code n} alive workers. */
  public void ensureWorkers(int n) {
    while (runningWorkers().size() < n) {
      startWorker();
    }
    awaitAliveWorkers(n, Duration.ofSeconds(120));
  }

  /**
   * Kills a worker the way a machine dies: its executors (descendant processes) and the worker itself, with
   * SIGKILL, and waits until they are gone.
   */
  public synchronized void killWorker(int index) {
    Process p = workers.get(index);
    if (p == null) {
      throw new IllegalArgumentException("no worker " + index);
    }
    kill(p.toHandle());
  }

  /** Kills only the executors a worker runs (SIGKILL); the worker stays and the master may launch new ones. */
  public synchronized int killExecutors(int index) {
    Process p = workers.get(index);
    if (p == null) {
      throw new IllegalArgumentException("no worker " + index);
    }
    List<ProcessHandle> executors = p.toHandle().descendants().toList();
    executors.forEach(ProcessHandle::destroyForcibly);
    executors.forEach(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    return executors.size();
  }

  /** The number of executor processes (descendants) a worker runs now. */
  public synchronized long executorCount(int index) {
    Process p = workers.get(index);
    return p == null || !p.isAlive() ? 0 : p.toHandle().descendants().count();
  }

  /** Workers the master reports ALIVE (from its web UI's JSON); -1 when the master does not answer. */
  public int aliveWorkers() {
    JsonNode state = masterState();
    if (state == null) {
      return -1;
    }
    int alive = 0;
    for (JsonNode w : state.path("workers")) {
      if ("ALIVE".equals(w.path("state").asText())) {
        alive++;
      }
    }
    return alive;
  }

  /** The master's state ({@code http://127.0.0.1:<web UI port>/json/}), or null when it does not answer. */
  public JsonNode masterState() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? json.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Waits until the master counts exactly {@code n} alive workers; fails with the daemons' logs. */
  public void awaitAliveWorkers(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int alive = -1;
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IllegalStateException("the master exited:\n" + tail("master", 40));
      }
      alive = aliveWorkers();
      if (alive == n) {
        return;
      }
      sleep(250);
    }
    throw new IllegalStateException("the master counts " + alive + " alive workers after " + timeout + ", expected "
        + n + "\nmaster log:\n" + tail("master", 30) + "\nworker-1 log:\n" + tail("worker-1", 30));
  }

  /** Submits {@code mainArgs} to this cluster and waits for the application (see {@link #submit(String, List, Duration)}). */
  public Submission submit(List<String> mainArgs, Duration timeout) {
    return submit(masterUrl(), mainArgs, timeout);
  }

  /**
   * Runs {@code io.optim4rl.jobs.Main} with {@code mainArgs} through SparkSubmit in a child JVM (client mode,
   * as bin/optim4rl does) against {@code master} (this cluster's URL or e.g. {@code local[2]}); waits at most
   * {@code timeout}, then kills it and fails.
   */
  public Submission submit(String master, List<String> mainArgs, Duration timeout) {
    return submit(master, Map.of(), mainArgs, timeout);
  }

  /** {@link #submit(String, List, Duration)} with Spark settings that override or add to the defaults. */
  public Submission submit(String master, Map<String, String> sparkConf, List<String> mainArgs, Duration timeout) {
    long t0 = System.nanoTime();
    Path log = newLog("submit");
    Process p = submitAsync(master, sparkConf, mainArgs, log);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p.toHandle());
        throw new IllegalStateException("the application did not finish in " + timeout + ":\n" + readTail(log, 60));
      }
    } catch (InterruptedException e) {
      kill(p.toHandle());
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return new Submission(p.exitValue(), read(log), (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Starts {@code Main mainArgs} through SparkSubmit against {@code master} and returns at once; stdout and
   * stderr go to {@code log}. The process is killed on {@link #close()} if still running.
   */
  public Process submitAsync(String master, List<String> mainArgs, Path log) {
    return submitAsync(master, Map.of(), mainArgs, log);
  }

  /** {@link #submitAsync(String, List, Path)} with Spark settings that override or add to the defaults. */
  public synchronized Process submitAsync(String master, Map<String, String> sparkConf, List<String> mainArgs,
      Path log) {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx1g"));
    cmd.addAll(LIGHT_JVM);
    cmd.addAll(SPARK_JAVA_FLAGS);
    cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*", "org.apache.spark.deploy.SparkSubmit",
        "--master", master, "--class", MAIN_CLASS));
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.executor.memory", "768m");
    conf.put("spark.executor.extraJavaOptions", String.join(" ", SPARK_JAVA_FLAGS));
    conf.put("spark.executorEnv.OMP_NUM_THREADS", "1");
    conf.putAll(sparkConf);
    conf.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
    cmd.add(appJar.toString());
    cmd.addAll(mainArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(pb);
    try {
      Process p = pb.start();
      others.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start SparkSubmit", e);
    }
  }

  /** A new log file name under the cluster's logs folder. */
  public Path newLog(String prefix) {
    try {
      Path logs = Files.createDirectories(dir.resolve("logs"));
      return Files.createTempFile(logs, prefix + "-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code lines} lines of a daemon's log ("master", "worker-1", ...). */
  public String tail(String daemon, int lines) {
    return readTail(dir.resolve("logs").resolve(daemon + ".log"), lines);
  }

  /** Kills every process this cluster started, descendants first; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down; the hook runs anyway
    }
  }

  private synchronized void killAll() {
    List<Process> all = new ArrayList<>(others);
    all.addAll(workers.values());
    if (master != null) {
      all.add(master);
    }
    for (Process p : all) {
      kill(p.toHandle());
    }
  }

  /** SIGKILLs a process and its descendants (listed first, so none is orphaned), then waits for them. */
  private static void kill(ProcessHandle h) {
    List<ProcessHandle> victims = new ArrayList<>(h.descendants().toList());
    victims.add(h);
    victims.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle v : victims) {
      try {
        v.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by the caller's checks; nothing more to do here
      }
    }
  }

  private Process startDaemon(String name, List<String> mainAndArgs) {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx384m",
        "-Dlog4j2.configurationFile=" + dir.resolve("log4j2-daemons.properties")));
    cmd.addAll(LIGHT_JVM);
    cmd.addAll(SPARK_JAVA_FLAGS);
    cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*"));
    cmd.addAll(mainAndArgs);
    try {
      Path logs = Files.createDirectories(dir.resolve("logs"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(logs.resolve(name + ".log").toFile());
      environment(pb);
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Environment of every child: the SPARK_HOME workers launch executors from, loopback, one native thread. */
  private void environment(ProcessBuilder pb) {
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OMP_NUM_THREADS", "1");
    env.remove("SPARK_MASTER");
  }

  /**
   * Fills {@code jars} with the test classpath: a symlink per jar, a jar per classes directory. Returns the
   * application jar: the one holding {@code io.optim4rl.jobs.Main}.
   */
  private static Path populateJars(Path jars) throws IOException {
    Files.createDirectories(jars);
    Path app = null;
    int i = 0;
    for (String entry : testClasspath()) {
      Path p = Path.of(entry).toAbsolutePath();
      i++;
      if (Files.isDirectory(p)) {
        Path jar = jars.resolve(String.format("%03d-classes-%s.jar", i, p.getParent().getParent().getFileName()));
        jarDirectory(p, jar);
        if (Files.exists(p.resolve(MAIN_CLASS.replace('.', '/') + ".class"))) {
          app = jar;
        }
      } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
        Path link = jars.resolve(String.format("%03d-%s", i, p.getFileName()));
        Files.createSymbolicLink(link, p);
        if (app == null && containsMain(p)) {
          app = link;
        }
      }
    }
    if (app == null) {
      throw new IllegalStateException("io.optim4rl.jobs.Main is not on the test classpath");
    }
    return app;
  }

  private static List<String> testClasspath() {
    // Surefire may start the JVM from a manifest-only jar; it then passes the real classpath here.
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(cp.split(File.pathSeparator)).stream().filter(s -> !s.isBlank()).toList();
  }

  private static boolean containsMain(Path jar) {
    try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
      return f.getEntry(MAIN_CLASS.replace('.', '/') + ".class") != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static void jarDirectory(Path root, Path jar) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf)) {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          if (!d.equals(root)) {
            out.putNextEntry(new JarEntry(root.relativize(d).toString().replace(File.separatorChar, '/') + "/"));
            out.closeEntry();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          String name = root.relativize(f).toString().replace(File.separatorChar, '/');
          if (name.equals("META-INF/MANIFEST.MF")) {
            return FileVisitResult.CONTINUE;
          }
          out.putNextEntry(new JarEntry(name));
          Files.copy(f, out);
          out.closeEntry();
          return FileVisitResult.CONTINUE;
        }
      });
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static String readTail(Path log, int lines) {
    String[] all = read(log).split("\n");
    return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
