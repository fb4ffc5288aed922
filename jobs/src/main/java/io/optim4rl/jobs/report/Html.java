package io.optim4rl.jobs.report;

import java.util.List;

/** HTML helpers for the report page. */
final class Html {

  private Html() {}

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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
