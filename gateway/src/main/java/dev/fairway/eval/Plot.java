package dev.fairway.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The cost-quality plot of an evaluation: cost per 1,000 prompts on a log axis, mean quality up;
 * single models as labelled dots, the zero router dashed, each router's hull as a line (the
 * default router thick; threshold variants and other embedders are left to the table). Drawn once
 * through a small canvas interface into SVG text or, with Java2D, a PNG.
 */
public final class Plot {
  private static final int W = 960;
  private static final int H = 600;
  private static final int L = 70;
  private static final int R = 250;
  private static final int T = 50;
  private static final int B = 60;
  private static final String[] COLORS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
      "#bcbd22", "#ff7f0e"};

  private Plot() {}

  interface Canvas {
    void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed);

    void polyline(List<double[]> pts, String color, double width, boolean dashed);

    void dot(double x, double y, double r, String color);

    void text(double x, double y, String s, int size, String color, boolean anchorEnd);
  }

  public static void svg(Evaluation.Report r, String title, Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
        W, H, W, H));
    draw(r, title, new Canvas() {
      public void line(double x1, double y1, double x2, double y2, String c, double w, boolean d) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            + "stroke-width=\"%.1f\"%s/>%n", x1, y1, x2, y2, c, w, d ? " stroke-dasharray=\"6,4\"" : ""));
      }

      public void polyline(List<double[]> pts, String c, double w, boolean d) {
        sb.append("<polyline fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"").append(w).append('"')
            .append(d ? " stroke-dasharray=\"6,4\"" : "").append(" points=\"");
        for (double[] p : pts) {
          sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
        }
        sb.append("\"/>\n");
      }

      public void dot(double x, double y, double rad, String c) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n", x, y, rad, c));
      }

      public void text(double x, double y, String s, int size, String c, boolean end) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"%s\"%s>%s</text>%n", x,
            y, size, c, end ? " text-anchor=\"end\"" : "", escape(s)));
      }
    });
    sb.append("</svg>\n");
    Files.writeString(file, sb.toString());
  }

  public static void png(Evaluation.Report r, String title, Path file) throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    draw(r, title, new Canvas() {
      void stroke(String c, double w, boolean d) {
        g.setColor(Color.decode(c));
        g.setStroke(d ? new BasicStroke((float) w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {6, 4}, 0)
            : new BasicStroke((float) w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      }

      public void line(double x1, double y1, double x2, double y2, String c, double w, boolean d) {
        stroke(c, w, d);
        g.draw(new Line2D.Double(x1, y1, x2, y2));
      }

      public void polyline(List<double[]> pts, String c, double w, boolean d) {
        if (pts.isEmpty()) {
          return;
        }
        stroke(c, w, d);
        Path2D.Double p = new Path2D.Double();
        p.moveTo(pts.get(0)[0], pts.get(0)[1]);
        for (int i = 1; i < pts.size(); i++) {
          p.lineTo(pts.get(i)[0], pts.get(i)[1]);
        }
        g.draw(p);
      }

      public void dot(double x, double y, double rad, String c) {
        g.setColor(Color.decode(c));
        g.fill(new java.awt.geom.Ellipse2D.Double(x - rad, y - rad, 2 * rad, 2 * rad));
      }

      public void text(double x, double y, String s, int size, String c, boolean end) {
        g.setColor(Color.decode(c));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        int dx = end ? g.getFontMetrics().stringWidth(s) : 0;
        g.drawString(s, (float) (x - dx), (float) y);
      }
    });
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  static void draw(Evaluation.Report r, String title, Canvas c) {
    Singles s = r.singles();
    List<double[]> all = new ArrayList<>();
    s.models().forEach(m -> all.add(new double[] {m.costPer1k(), m.quality()}));
    all.add(new double[] {s.oracle().costPer1k(), s.oracle().quality()});
    List<Evaluation.RouterResult> shown = shown(r);
    for (Evaluation.RouterResult x : shown) {
      all.addAll(x.curve().hull());
    }
    double xmin = all.stream().mapToDouble(p -> p[0]).filter(v -> v > 0).min().orElse(1e-3);
    double xmax = all.stream().mapToDouble(p -> p[0]).max().orElse(1);
    double ymin = all.stream().mapToDouble(p -> p[1]).min().orElse(0);
    double ymax = all.stream().mapToDouble(p -> p[1]).max().orElse(1);
    double lx0 = Math.floor(Math.log10(xmin) * 2) / 2;
    double lx1 = Math.ceil(Math.log10(xmax) * 2) / 2;
    double y0 = Math.max(0, Math.floor(ymin * 10) / 10 - 0.05);
    double y1 = Math.min(1, Math.ceil(ymax * 10) / 10 + 0.02);
    Axis ax = new Axis(lx0, lx1, y0, y1);

    c.text(L, 22, title, 16, "#222222", false);
    c.line(L, H - B, W - R, H - B, "#444444", 1, false);
    c.line(L, T, L, H - B, "#444444", 1, false);
    for (int e = (int) Math.floor(lx0); e <= (int) Math.ceil(lx1); e++) {
      for (int m : new int[] {1, 2, 5}) {
        double v = m * Math.pow(10, e);
        double lv = Math.log10(v);
        if (lv < lx0 - 1e-9 || lv > lx1 + 1e-9) {
          continue;
        }
        double x = ax.x(v);
        c.line(x, T, x, H - B, "#eeeeee", 1, false);
        c.text(x, H - B + 18, label(v), 11, "#444444", false);
      }
    }
    for (double v = Math.ceil(y0 * 20) / 20; v <= y1 + 1e-9; v += 0.05) {
      double y = ax.y(v);
      c.line(L, y, W - R, y, "#eeeeee", 1, false);
      c.text(L - 8, y + 4, String.format(Locale.ROOT, "%.2f", v), 11, "#444444", true);
    }
    c.text((L + W - R) / 2.0 - 90, H - 18, "cost per 1,000 prompts (USD, log scale)", 12, "#222222", false);
    c.text(14, T - 10, "mean quality", 12, "#222222", false);

    c.polyline(ax.map(s.zeroRouter().hull()), "#888888", 1.5, true);
    int legendY = T + 10;
    legend(c, legendY, "#888888", "zero router (hull of singles)", true);
    int i = 0;
    for (Evaluation.RouterResult x : shown) {
      boolean baseline = x.name().startsWith("baseline");
      boolean reference = baseline || x.name().startsWith("reference");
      String color = baseline ? "#555555" : reference ? "#aaaaaa" : COLORS[i++ % COLORS.length];
      boolean main = !reference && i == 1;
      c.polyline(ax.map(x.curve().hull()), color, main ? 3 : 1.5, reference);
      legendY += 18;
      legend(c, legendY, color, x.name(), reference);
    }
    for (Singles.Single m : s.models()) {
      c.dot(ax.x(m.costPer1k()), ax.y(m.quality()), 4, "#000000");
      String name = m.model().contains("/") ? m.model().substring(m.model().lastIndexOf('/') + 1) : m.model();
      c.text(ax.x(m.costPer1k()) + 6, ax.y(m.quality()) + 4, name, 10, "#333333", false);
    }
    c.dot(ax.x(s.oracle().costPer1k()), ax.y(s.oracle().quality()), 5, "#ff7f0e");
    c.text(ax.x(s.oracle().costPer1k()) + 7, ax.y(s.oracle().quality()) + 4, "oracle", 10, "#ff7f0e", false);
  }

  /** The plot keeps to the default router, each head and the baseline; the table and JSON have the rest. */
  static List<Evaluation.RouterResult> shown(Evaluation.Report r) {
    return r.routers().stream().filter(x -> !x.name().contains("@") && !x.name().endsWith("-threshold")).toList();
  }

  private static void legend(Canvas c, int y, String color, String text, boolean dashed) {
    c.line(W - R + 15, y, W - R + 45, y, color, 2.5, dashed);
    c.text(W - R + 52, y + 4, text, 11, "#222222", false);
  }

  private static String label(double v) {
    if (v >= 1) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(1)).stripTrailingZeros().toPlainString();
  }

  private record Axis(double lx0, double lx1, double y0, double y1) {
    double x(double cost) {
      double lc = Math.log10(Math.max(cost, Math.pow(10, lx0)));
      return L + (lc - lx0) / (lx1 - lx0) * (W - L - R);
    }

    double y(double q) {
      return H - B - (q - y0) / (y1 - y0) * (H - T - B);
    }

    List<double[]> map(List<double[]> pts) {
      List<double[]> out = new ArrayList<>(pts.size());
      for (double[] p : pts) {
        out.add(new double[] {x(p[0]), y(p[1])});
      }
      return out;
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
