package dev.fairway.eval;

/**
 * Predicts what a call to each model will cost from the prompt's length, fitted by least squares
 * on the training outcomes ({@code cost = a + b · chars} per model). Offline stand-in for the
 * gateway's tokens × list price, since the data's models are not all in the catalog. The real
 * per-call cost is what the replay then charges.
 */
public final class CostModel {
  private final double[] a;
  private final double[] b;

  private CostModel(double[] a, double[] b) {
    this.a = a;
    this.b = b;
  }

  public static CostModel fit(OutcomeData d) {
    int m = d.modelCount();
    double[] chars = d.promptChars();
    double[] a = new double[m];
    double[] b = new double[m];
    for (int j = 0; j < m; j++) {
      double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (int i = 0; i < d.size(); i++) {
        double y = d.costs()[i][j];
        if (Double.isNaN(y)) {
          continue;
        }
        double x = chars[i];
        n++;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
      }
      double den = n * sxx - sx * sx;
      if (n >= 2 && den > 0) {
        b[j] = (n * sxy - sx * sy) / den;
        a[j] = (sy - b[j] * sx) / n;
      } else {
        a[j] = n > 0 ? sy / n : 0;
      }
    }
    return new CostModel(a, b);
  }

  /** Predicted cost in US dollars of each model for each prompt of {@code d}; never below a micro-cent. */
  public double[][] predict(OutcomeData d) {
    double[] chars = d.promptChars();
    double[][] out = new double[d.size()][a.length];
    for (int i = 0; i < d.size(); i++) {
      for (int j = 0; j < a.length; j++) {
        out[i][j] = Math.max(1e-8, a[j] + b[j] * chars[i]);
      }
    }
    return out;
  }
}
