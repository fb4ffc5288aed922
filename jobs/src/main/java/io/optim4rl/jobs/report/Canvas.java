package io.optim4rl.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A minimal drawing surface with two renderings of the same calls: SVG text and a PNG image (java.awt).
 * Coordinates in pixels, origin top left. Colours as {@code #rrggbb}.
 */
final class Canvas {

  private final int width;
  private final int height;
  private final StringBuilder svg = new StringBuilder();
  private final BufferedImage image;
  private final Graphics2D g;

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n",
        width, height, width, height, width, height));
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
  }

  void rect(double x, double y, double w, double h, String fill) {
    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
        x, y, w, h, fill));
    g.setColor(Color.decode(fill));
    g.fill(new Rectangle2D.Double(x, y, w, h));
  }

  void line(double x1, double y1, double x2, double y2, String stroke, double widthPx) {
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
        + "stroke-width=\"%.1f\"/>%n", x1, y1, x2, y2, stroke, widthPx));
    g.setColor(Color.decode(stroke));
    g.setStroke(new BasicStroke((float) widthPx));
    g.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  /** A filled polygon through the points (xs[i], ys[i]) with the given opacity in [0, 1]. */
  void polygon(double[] xs, double[] ys, String fill, double opacity) {
    StringBuilder pts = new StringBuilder();
    java.awt.geom.Path2D.Double path = new java.awt.geom.Path2D.Double();
    for (int i = 0; i < xs.length; i++) {
      pts.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", xs[i], ys[i]));
      if (i == 0) {
        path.moveTo(xs[i], ys[i]);
      } else {
        path.lineTo(xs[i], ys[i]);
      }
    }
    path.closePath();
    svg.append(String.format(Locale.ROOT, "<polygon points=\"%s\" fill=\"%s\" fill-opacity=\"%.2f\"/>%n", pts, fill,
        opacity));
    Color c = Color.decode(fill);
    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(opacity * 255)));
    g.fill(path);
  }

  /** Text anchored at (x, y): anchor "start", "middle" or "end". */
  void text(double x, double y, String s, int size, String anchor) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
        x, y, size, anchor, Html.escape(s)));
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    double w = g.getFontMetrics().stringWidth(s);
    double dx = anchor.equals("middle") ? -w / 2 : anchor.equals("end") ? -w : 0;
    g.drawString(s, (float) (x + dx), (float) y);
  }

  String svg() {
    return svg + "</svg>\n";
  }

  BufferedImage png() {
    return image;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }
}
