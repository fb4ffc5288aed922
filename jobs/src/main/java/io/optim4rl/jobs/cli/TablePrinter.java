package io.optim4rl.jobs.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints a result set as CSV (header then rows), an aligned text table, or JSON lines. */
public final class TablePrinter {

  /** Output formats of {@code sql} and of summaries. */
  public enum Format {
    CSV, TABLE, JSON;

    /** Parses a --format value. */
    public static Format parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--format must be csv, table or json, not '" + s + "'");
      }
    }
  }

  private TablePrinter() {}

  /** Prints {@code rows} (values may be null) under {@code header}. */
  public static void print(PrintStream out, Format format, List<String> header, List<List<Object>> rows) {
    switch (format) {
      case CSV -> printCsv(out, header, rows);
      case TABLE -> printTable(out, header, rows);
      case JSON -> printJson(out, header, rows);
      default -> throw new IllegalStateException();
    }
    out.flush();
  }

  private static void printCsv(PrintStream out, List<String> header, List<List<Object>> rows) {
    out.println(String.join(",", header.stream().map(TablePrinter::csvField).toList()));
    for (List<Object> r : rows) {
      out.println(String.join(",", r.stream().map(v -> v == null ? "" : csvField(text(v))).toList()));
    }
  }

  private static String csvField(String s) {
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static void printTable(PrintStream out, List<String> header, List<List<Object>> rows) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<Object> r : rows) {
        w[i] = Math.max(w[i], text(r.get(i)).length());
      }
    }
    StringBuilder sep = new StringBuilder("+");
    for (int x : w) {
      sep.append("-".repeat(x + 2)).append('+');
    }
    out.println(sep);
    out.println(line(header.stream().map(h -> (Object) h).toList(), w));
    out.println(sep);
    for (List<Object> r : rows) {
      out.println(line(r, w));
    }
    out.println(sep);
    out.println(rows.size() + (rows.size() == 1 ? " row" : " rows"));
  }

  private static String line(List<Object> values, int[] w) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < w.length; i++) {
      Object v = values.get(i);
      String s = text(v);
      boolean right = v instanceof Number;
      sb.append(' ').append(right ? " ".repeat(w[i] - s.length()) + s : s + " ".repeat(w[i] - s.length()))
          .append(" |");
    }
    return sb.toString();
  }

  private static void printJson(PrintStream out, List<String> header, List<List<Object>> rows) {
    for (List<Object> r : rows) {
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < header.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(jsonString(header.get(i))).append(':');
        Object v = r.get(i);
        if (v == null) {
          sb.append("null");
        } else if (v instanceof Number n && Double.isFinite(n.doubleValue()) || v instanceof Boolean) {
          sb.append(text(v));
        } else {
          sb.append(jsonString(text(v)));
        }
      }
      out.println(sb.append('}'));
    }
  }

  private static String jsonString(String s) {
    return io.optim4rl.jobs.config.RunSpec.canonicalJson(s);
  }

  /** A value's text: doubles without trailing noise, null as NULL. */
  public static String text(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d) + ".0";
      }
      return Double.toString(d);
    }
    return v.toString();
  }
}
