package dev.fairway.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A cost-quality curve: the operating points a router reaches as its knob is swept, and their
 * upper concave hull (any point on a hull segment is reachable by sending each request to one of
 * the two end settings at random, so the hull is what the router can really deliver).
 *
 * @param points raw sweep points, {@code [cost per 1,000 prompts, mean quality]}
 * @param hull the non-decreasing upper concave hull of {@code points}, by increasing cost
 */
public record Curve(List<double[]> points, List<double[]> hull) {

  public static Curve of(List<double[]> points) {
    return new Curve(List.copyOf(points), hullOf(points));
  }

  static List<double[]> hullOf(List<double[]> pts) {
    List<double[]> sorted = new ArrayList<>(pts);
    sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> -p[1]));
    List<double[]> h = new ArrayList<>();
    for (double[] p : sorted) {
      if (!h.isEmpty() && h.get(h.size() - 1)[0] == p[0]) {
        continue; // same cost, lower or equal quality
      }
      while (h.size() >= 2) {
        double[] a = h.get(h.size() - 2);
        double[] b = h.get(h.size() - 1);
        // drop b when it lies on or below the segment a -> p
        if ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0) {
          h.remove(h.size() - 1);
        } else {
          break;
        }
      }
      h.add(p);
    }
    // Past the best quality, more cost buys nothing.
    int best = 0;
    for (int i = 1; i < h.size(); i++) {
      if (h.get(i)[1] > h.get(best)[1]) {
        best = i;
      }
    }
    return List.copyOf(h.subList(0, best + 1));
  }

  /**
   * Best quality reachable at an average cost of at most {@code cost} per 1,000 prompts. Below the
   * curve's cheapest point it is that point's quality (its cheapest setting).
   */
  public double qualityAt(double cost) {
    if (cost <= hull.get(0)[0]) {
      return hull.get(0)[1];
    }
    for (int i = 1; i < hull.size(); i++) {
      double[] a = hull.get(i - 1);
      double[] b = hull.get(i);
      if (cost <= b[0]) {
        return a[1] + (b[1] - a[1]) * (cost - a[0]) / (b[0] - a[0]);
      }
    }
    return hull.get(hull.size() - 1)[1];
  }

  /** Cheapest cost per 1,000 prompts at which the curve reaches {@code quality}, or NaN if never. */
  public double costAt(double quality) {
    if (hull.get(0)[1] >= quality) {
      return hull.get(0)[0];
    }
    for (int i = 1; i < hull.size(); i++) {
      double[] a = hull.get(i - 1);
      double[] b = hull.get(i);
      if (b[1] >= quality) {
        return a[0] + (b[0] - a[0]) * (quality - a[1]) / (b[1] - a[1]);
      }
    }
    return Double.NaN;
  }

  /**
   * RouterBench's average improvement in quality: the mean of {@link #qualityAt} over
   * {@code steps} log-spaced costs from {@code lo} to {@code hi}.
   */
  public double aiq(double lo, double hi, int steps) {
    double s = 0;
    for (int i = 0; i < steps; i++) {
      double c = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (steps - 1));
      s += qualityAt(c);
    }
    return s / steps;
  }
}
