package io.optim4rl.jobs.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optim4rl.jobs.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseTest {

  @TempDir Path dir;

  private static Object[] returnsRow(String runId, long iteration, double ret) {
    return new Object[] {runId, "catch", "adam", 1L, iteration, iteration * 1280, ret, 7L};
  }

  @Test
  void writtenFilesReadBackWithTheConstantSchemaAndPartition() {
    Warehouse wh = new Warehouse(dir.toString());
    wh.writeAtomically(Tables.RETURNS, "exp_a", "run1", List.of(returnsRow("run1", 0, -0.5), returnsRow("run1", 1, 0.25)));
    long micros = 1_700_000_000_000_000L;
    wh.writeAtomically(Tables.RUNS, "exp_a", "run1", List.<Object[]>of(new Object[] {"run1", "train", "{}", "{}", 1L, "abc",
        "cpu", Tables.COMPLETED, null, 0.5, micros, micros + 2_000_000L, 2.0, 16}));
    SparkSession spark = TestSpark.get();
    Dataset<Row> ret = spark.read().parquet(wh.tableDir("returns").toString());
    assertEquals(Tables.RETURNS.sparkType(), ret.schema());
    assertEquals(2, ret.count());
    Row first = ret.orderBy("iteration").first();
    assertEquals("exp_a", first.getString(first.fieldIndex("experiment")));
    assertEquals(-0.5, first.getDouble(first.fieldIndex("episode_return")));
    Dataset<Row> runs = spark.read().parquet(wh.tableDir("runs").toString());
    StructType expected = Tables.RUNS.sparkType();
    assertEquals(expected, runs.schema());
    Row r = runs.first();
    assertEquals(java.sql.Timestamp.from(java.time.Instant.ofEpochSecond(1_700_000_000L)),
        r.getTimestamp(r.fieldIndex("started_at")));
    assertTrue(r.isNullAt(r.fieldIndex("error")));
  }

  @Test
  void rewritingARunReplacesItsRowsAndLeavesNoTemporaryFiles() throws IOException {
    Warehouse wh = new Warehouse(dir.toString());
    wh.writeAtomically(Tables.RETURNS, "e", "run1", List.of(returnsRow("run1", 0, 1.0), returnsRow("run1", 1, 1.0)));
    wh.writeAtomically(Tables.RETURNS, "e", "run1", List.<Object[]>of(returnsRow("run1", 0, 2.0)));
    assertEquals(1, TestSpark.get().read().parquet(wh.tableDir("returns").toString()).count());
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
      assertEquals(List.of("run1.parquet"), names);
    }
  }

  @Test
  void aRowThatDoesNotFitTheSchemaIsRejectedAndNothingIsLeftBehind() throws IOException {
    Warehouse wh = new Warehouse(dir.toString());
    List<Object[]> rows = new ArrayList<>();
    rows.add(returnsRow("run1", 0, 1.0));
    rows.add(new Object[] {"run1", null, "adam", 1L, 1L, 1L, 1.0, 1L});
    assertThrows(IllegalArgumentException.class, () -> wh.writeAtomically(Tables.RETURNS, "e", "run1", rows));
    try (Stream<Path> files = Files.walk(dir)) {
      assertFalse(files.anyMatch(p -> Files.isRegularFile(p)), "no partial or temporary file remains");
    }
  }

  @Test
  void completedRunsAreFoundPerExperiment() {
    Warehouse wh = new Warehouse(dir.toString());
    assertTrue(WarehouseQueries.completedRunIds(TestSpark.get(), wh, "e").isEmpty());
    long t = 1_700_000_000_000_000L;
    wh.writeAtomically(Tables.RUNS, "e", "a", List.<Object[]>of(new Object[] {"a", "train", "{}", "{}", 1L, "v", "cpu",
        Tables.COMPLETED, null, 1.0, t, t, 1.0, 8}));
    wh.writeAtomically(Tables.RUNS, "e", "b", List.<Object[]>of(new Object[] {"b", "train", "{}", "{}", 1L, "v", "cpu",
        Tables.FAILED, "boom", null, t, t, 1.0, 8}));
    wh.writeAtomically(Tables.RUNS, "other", "c", List.<Object[]>of(new Object[] {"c", "train", "{}", "{}", 1L, "v", "cpu",
        Tables.COMPLETED, null, 1.0, t, t, 1.0, 8}));
    assertEquals(java.util.Set.of("a"), WarehouseQueries.completedRunIds(TestSpark.get(), wh, "e"));
    assertEquals(List.of("runs"), wh.tableNames());
  }

  @Test
  void runsRowsOfEveryKindMergeIntoOneSchema() {
    Warehouse wh = new Warehouse(dir.toString());
    org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
    io.optim4rl.jobs.config.RunSpec train = io.optim4rl.jobs.config.ExperimentConfig.parse("t", "t",
        yaml.load("base: {task: catch, optimizer: {learningRate: 1e-3}, rewardScaling: 2}"),
        io.optim4rl.jobs.train.TrainConfig.SCHEMA, List.of()).expand().get(0);
    io.optim4rl.jobs.config.RunSpec meta = io.optim4rl.jobs.config.ExperimentConfig.parse("m", "m",
        yaml.load("base: {tasks: [catch], optimizer: {learningRate: 3e-3, mlpDims: [16, 16]}, rewardScaling: [5]}"),
        io.optim4rl.jobs.meta.MetaTrainConfig.SCHEMA, List.of()).expand().get(0);
    io.optim4rl.jobs.config.RunSpec grid = io.optim4rl.jobs.config.ExperimentConfig.parse("g", "g",
        yaml.load("base: {tasks: [catch, small_dense_long], optimizer: {learningRate: [1e-3, 3e-3], mlpDims: []}}"),
        io.optim4rl.jobs.meta.MetaTrainConfig.SCHEMA, List.of()).expand().get(0);
    long t = 1_700_000_000_000_000L;
    for (io.optim4rl.jobs.config.RunSpec r : List.of(train, meta, grid)) {
      wh.writeAtomically(io.optim4rl.jobs.runs.RunRecords.runsSchema(r), r.experiment(), r.runId(),
          List.<Object[]>of(io.optim4rl.jobs.runs.RunRecords.row(r, Tables.COMPLETED, null, 1.0, t, t)));
    }
    Dataset<Row> runs = TestSpark.get().read().option("mergeSchema", "true").parquet(wh.tableDir("runs").toString());
    assertEquals(3, runs.count());
    List<Row> lr = runs.select("experiment", "optimizer_learning_rate", "reward_scaling", "tasks",
        "optimizer_learning_rate_list").orderBy("experiment").collectAsList();
    assertEquals("g", lr.get(0).getString(0));
    assertTrue(lr.get(0).isNullAt(1), "a multi-task learning-rate list has no scalar value");
    assertEquals("[0.001,0.003]", lr.get(0).getString(4));
    assertEquals("catch,small_dense_long", lr.get(0).getString(3));
    assertEquals(3e-3, lr.get(1).getDouble(1));
    assertEquals(5.0, lr.get(1).getDouble(2));
    assertEquals(1e-3, lr.get(2).getDouble(1));
    assertEquals(2.0, lr.get(2).getDouble(2));
  }

  @Test
  void runsRowsRecordTheKernelsVectorLanesAndRowsOfOlderVersionsReadAsNull() {
    Warehouse wh = new Warehouse(dir.toString());
    long t = 1_700_000_000_000_000L;
    // a row as versions before the vector_lanes column wrote it
    TableSchema older = new TableSchema("runs", Tables.RUNS.columns().subList(0, Tables.RUNS.indexOf("vector_lanes")));
    wh.writeAtomically(older, "old", "a", List.<Object[]>of(new Object[] {"a", "train", "{}", "{}", 1L, "v", "cpu",
        Tables.COMPLETED, null, 1.0, t, t, 1.0}));
    List<String> warnings = new ArrayList<>();
    // a warehouse whose files all predate the column: it reads as nulls rather than failing the query
    List<Row> onlyOld = TableReader.read(TestSpark.get(), wh, "runs", warnings::add).select("vector_lanes")
        .collectAsList();
    assertEquals(1, onlyOld.size());
    assertTrue(onlyOld.get(0).isNullAt(0), onlyOld.toString());
    io.optim4rl.jobs.config.RunSpec train = io.optim4rl.jobs.config.ExperimentConfig.parse("new", "new",
        new org.yaml.snakeyaml.Yaml().load("base: {task: catch, optimizer: {learningRate: 1e-3}}"),
        io.optim4rl.jobs.train.TrainConfig.SCHEMA, List.of()).expand().get(0);
    wh.writeAtomically(io.optim4rl.jobs.runs.RunRecords.runsSchema(train), train.experiment(), train.runId(),
        List.<Object[]>of(io.optim4rl.jobs.runs.RunRecords.row(train, Tables.COMPLETED, null, 1.0, t, t)));
    List<Row> rows = TableReader.read(TestSpark.get(), wh, "runs", warnings::add)
        .select("experiment", "vector_lanes").orderBy("experiment").collectAsList();
    assertEquals(List.of(), warnings);
    assertEquals("new", rows.get(0).getString(0));
    assertEquals(io.optim4rl.lopt.Optim4RlVectorKernel.lanes(), rows.get(0).getInt(1));
    assertTrue(rows.get(0).getInt(1) == 8 || rows.get(0).getInt(1) == 16, "AVX2 or AVX-512: " + rows.get(0));
    assertEquals("old", rows.get(1).getString(0));
    assertTrue(rows.get(1).isNullAt(1), rows.get(1).toString());
  }

  @Test
  void snakeCaseOfKeyPaths() {
    assertEquals("optimizer_learning_rate", Column.snakeCase("optimizer.learningRate"));
    assertEquals("seed", Column.snakeCase("seed"));
    assertEquals("num_envs", Column.snakeCase("numEnvs"));
  }
}
