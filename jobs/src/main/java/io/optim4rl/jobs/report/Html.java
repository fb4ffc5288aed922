package io.optim4rl.jobs.report;

import java.util.List;

/** HTML helpers for the report page. */
final class Html {

  private Html() {}

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** The page's head and the opening body tag. */
  static String head(String title) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n<style>"
        + "body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse}"
        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}pre{background:#f4f4f4;padding:8px}"
        + "</style></head><body>\n";
  }

  static String table(List<String> header, List<List<Object>> rows) {
    StringBuilder sb = new StringBuilder("<table>\n<tr>");
    for (String h : header) {
      sb.append("<th>").append(escape(h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (List<Object> r : rows) {
      sb.append("<tr>");
      for (Object v : r) {
        sb.append("<td>").append(escape(String.valueOf(v))).append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</table>\n").toString();
  }
}
