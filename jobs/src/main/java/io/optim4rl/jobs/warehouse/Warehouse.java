package io.optim4rl.jobs.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * The results warehouse: a directory on any Hadoop-compatible filesystem holding one folder per table,
 * partitioned by experiment ({@code <root>/<table>/experiment=<name>/<run_id>.parquet}).
 *
 * <p>Writes are atomic per run: a file is written under a hidden temporary name (readers skip names that
 * start with '.' or '_') and renamed into place, so a killed job never leaves a half-written run visible,
 * and writing a run again replaces its file instead of duplicating its rows. Instances are serializable
 * and used inside Spark tasks; they carry no Spark types.
 */
public final class Warehouse implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final String PROGRESS_DIR = "_progress";

  private final String root;

  public Warehouse(String root) {
    this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
  }

  /** The root path or URI as given. */
  public String root() {
    return root;
  }

  /** {@code <root>/<table>}. */
  public Path tableDir(String table) {
    return new Path(root, table);
  }

  /** {@code <root>/<table>/experiment=<experiment>}. */
  public Path partitionDir(String table, String experiment) {
    return new Path(tableDir(table), TableSchema.PARTITION_COLUMN + "=" + experiment);
  }

  /**
   * Writes {@code rows} as the file {@code <fileName>.parquet} of the experiment's partition of
   * {@code schema}'s table, atomically, replacing an earlier file of the same name.
   *
   * @param rows one Object[] per row, values in column order (null only in nullable columns)
   */
  public void writeAtomically(TableSchema schema, String experiment, String fileName, List<Object[]> rows) {
    Path dir = partitionDir(schema.name(), experiment);
    Path target = new Path(dir, fileName + ".parquet");
    Path tmp = new Path(dir, "." + fileName + ".parquet." + UUID.randomUUID() + ".tmp");
    try {
      FileSystem fs = fileSystem(dir);
      fs.mkdirs(dir);
      MessageType type = schema.parquetType();
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(tmp, fs.getConf()))
          .withType(type)
          .withCompressionCodec(CompressionCodecName.SNAPPY)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .build()) {
        SimpleGroupFactory factory = new SimpleGroupFactory(type);
        for (Object[] row : rows) {
          w.write(ParquetRows.toGroup(schema, factory, row));
        }
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename " + tmp + " -> " + target + " failed");
      }
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /**
   * The rows of the file {@code <fileName>.parquet} of the experiment's partition of {@code table}, read
   * without Spark (inside tasks); empty when the file does not exist.
   */
  public List<Group> readFile(String table, String experiment, String fileName) {
    Path file = new Path(partitionDir(table, experiment), fileName + ".parquet");
    List<Group> rows = new ArrayList<>();
    try {
      FileSystem fs = fileSystem(file);
      if (!fs.exists(file)) {
        return rows;
      }
      try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).withConf(fs.getConf())
          .build()) {
        for (Group g = r.read(); g != null; g = r.read()) {
          rows.add(g);
        }
      }
      return rows;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + file + " (" + e.getMessage() + "); if the file is corrupt, "
          + "move it aside and run the command again", e);
    }
  }

  /** The data file names (without .parquet) of the experiment's partition of {@code table} starting with prefix. */
  public List<String> listFiles(String table, String experiment, String prefix) {
    Path dir = partitionDir(table, experiment);
    try {
      FileSystem fs = fileSystem(dir);
      if (!fs.exists(dir)) {
        return List.of();
      }
      return java.util.Arrays.stream(fs.listStatus(dir)).map(st -> st.getPath().getName())
          .filter(n -> n.startsWith(prefix) && n.endsWith(".parquet"))
          .map(n -> n.substring(0, n.length() - ".parquet".length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the data file {@code <fileName>.parquet} of the experiment's partition of {@code table}, if any. */
  public void deleteFile(String table, String experiment, String fileName) {
    Path file = new Path(partitionDir(table, experiment), fileName + ".parquet");
    try {
      fileSystem(file).delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  /** Current time in microseconds since the epoch (the unit of TIMESTAMP columns). */
  public static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  /** Records a run's progress (a short text line) so the driver can show it; best effort. */
  public void writeProgress(String runId, String line) {
    Path p = new Path(new Path(root, PROGRESS_DIR), runId);
    Path tmp = new Path(new Path(root, PROGRESS_DIR), "." + runId + "." + UUID.randomUUID());
    try {
      FileSystem fs = fileSystem(p);
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(p, false);
      fs.rename(tmp, p);
    } catch (IOException e) {
      deleteQuietly(tmp);
    }
  }

  /** The progress lines of running runs, by run id; empty when there are none. */
  public Map<String, String> readProgress() {
    Map<String, String> out = new LinkedHashMap<>();
    Path dir = new Path(root, PROGRESS_DIR);
    try {
      FileSystem fs = fileSystem(dir);
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (name.startsWith(".")) {
          continue;
        }
        try (InputStream in = fs.open(st.getPath())) {
          out.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          // being replaced right now; skip this poll
        }
      }
    } catch (IOException e) {
      // progress is advisory
    }
    return out;
  }

  /** Removes a run's progress record. */
  public void clearProgress(String runId) {
    deleteQuietly(new Path(new Path(root, PROGRESS_DIR), runId));
  }

  /** Whether the table has a folder yet. */
  public boolean hasTable(String table) {
    try {
      return fileSystem(tableDir(table)).exists(tableDir(table));
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the experiment's partition of the table has at least one data file. */
  public boolean hasPartition(String table, String experiment) {
    Path dir = partitionDir(table, experiment);
    try {
      FileSystem fs = fileSystem(dir);
      if (!fs.exists(dir)) {
        return false;
      }
      return java.util.Arrays.stream(fs.listStatus(dir)).anyMatch(s -> s.getPath().getName().endsWith(".parquet")
          && !s.getPath().getName().startsWith("."));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Names of the table folders (every folder not starting with '_' or '.'). */
  public List<String> tableNames() {
    Path dir = new Path(root);
    try {
      FileSystem fs = fileSystem(dir);
      if (!fs.exists(dir)) {
        return List.of();
      }
      return java.util.Arrays.stream(fs.listStatus(dir))
          .filter(FileStatus::isDirectory)
          .map(s -> s.getPath().getName())
          .filter(n -> !n.startsWith("_") && !n.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list warehouse " + root + ": " + e.getMessage(), e);
    }
  }

  private void deleteQuietly(Path p) {
    try {
      fileSystem(p).delete(p, false);
    } catch (IOException | RuntimeException e) {
      // nothing more to do
    }
  }

  /** The filesystem of {@code p}; the local one without .crc side files. */
  static FileSystem fileSystem(Path p) throws IOException {
    return p.getFileSystem(hadoopConf());
  }

  /** A Hadoop configuration whose local filesystem writes no checksum side files. */
  static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }
}
