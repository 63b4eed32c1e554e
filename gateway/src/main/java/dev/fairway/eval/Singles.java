package dev.fairway.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference points every router is judged against on one dataset: each single model, the
 * oracle, and the zero router (the hull of the single models).
 */
public record Singles(List<Single> models, Single best, double cheapestCost, Single oracle, Curve zeroRouter) {

  /** A model (or the oracle) as one operating point. */
  public record Single(String model, double quality, double costPer1k) {}

  public static Singles of(OutcomeData d) {
    double[] q = d.meanScores();
    double[] c = d.meanCosts();
    List<Single> ms = new ArrayList<>();
    List<double[]> pts = new ArrayList<>();
    Single best = null;
    double cheapest = Double.POSITIVE_INFINITY;
    for (int j = 0; j < d.modelCount(); j++) {
      if (Double.isNaN(q[j])) {
        continue;
      }
      Single s = new Single(d.models().get(j), q[j], c[j] * 1000);
      ms.add(s);
      pts.add(new double[] {s.costPer1k(), s.quality()});
      if (best == null || s.quality() > best.quality() || s.quality() == best.quality() && s.costPer1k() < best.costPer1k()) {
        best = s;
      }
      cheapest = Math.min(cheapest, s.costPer1k());
    }
    double oq = 0;
    double oc = 0;
    for (int i = 0; i < d.size(); i++) {
      double top = Double.NEGATIVE_INFINITY;
      double cost = Double.POSITIVE_INFINITY;
      for (int j = 0; j < d.modelCount(); j++) {
        double s = d.scores()[i][j];
        if (Double.isNaN(s)) {
          continue;
        }
        if (s > top || s == top && d.costs()[i][j] < cost) {
          top = s;
          cost = d.costs()[i][j];
        }
      }
      oq += top;
      oc += cost;
    }
    Single oracle = new Single("oracle", oq / d.size(), 1000 * oc / d.size());
    return new Singles(List.copyOf(ms), best, cheapest, oracle, Curve.of(pts));
  }

  /** The figures the README and the JSON report give for a curve on this dataset. */
  public Figures figures(Curve c) {
    return new Figures(c.costAt(0.95 * best.quality()), c.aiq(cheapestCost, best.costPer1k(), 100),
        c.qualityAt(best.costPer1k()), c.costAt(best.quality()));
  }

  /**
   * @param costAt95 cost per 1,000 prompts at which the curve reaches 95% of the best single model's quality
   * @param aiq mean quality over the log-spaced cost range cheapest model → best model
   * @param maxQualityAtBestCost best quality at or below the best single model's cost
   * @param costAtBestQuality cost at which the best single model's quality is matched (NaN if never)
   */
  public record Figures(double costAt95, double aiq, double maxQualityAtBestCost, double costAtBestQuality) {}
}
