package dev.fairway.eval;

import dev.fairway.routing.quality.LogisticPredictor;

/**
 * Fits {@link LogisticPredictor}: one logistic regression per model on the projected embeddings,
 * cross-entropy against the (possibly fractional) scores, L2 penalty, full-batch Adam. Features
 * are standardised for the optimiser and the scaling is folded back into the weights.
 */
final class LogisticTrainer {
  private LogisticTrainer() {}

  static LogisticPredictor fit(float[][] z, double[][] scores, double l2, int epochs) {
    int n = z.length;
    int d = z[0].length;
    int m = scores[0].length;
    double[] mu = new double[d];
    double[] sd = new double[d];
    for (float[] row : z) {
      for (int c = 0; c < d; c++) {
        mu[c] += row[c];
      }
    }
    for (int c = 0; c < d; c++) {
      mu[c] /= n;
    }
    for (float[] row : z) {
      for (int c = 0; c < d; c++) {
        sd[c] += (row[c] - mu[c]) * (row[c] - mu[c]);
      }
    }
    for (int c = 0; c < d; c++) {
      sd[c] = Math.sqrt(sd[c] / n) + 1e-6;
    }
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < d; c++) {
        x[i][c] = (z[i][c] - mu[c]) / sd[c];
      }
    }
    int stride = d + 1;
    double[] w = new double[m * stride];
    double[] g = new double[w.length];
    double[] mom = new double[w.length];
    double[] vel = new double[w.length];
    double lr = 0.05;
    double b1 = 0.9;
    double b2 = 0.999;
    for (int t = 1; t <= epochs; t++) {
      java.util.Arrays.fill(g, 0);
      for (int j = 0; j < m; j++) {
        int base = j * stride;
        double count = 0;
        for (int i = 0; i < n; i++) {
          double y = scores[i][j];
          if (Double.isNaN(y)) {
            continue;
          }
          count++;
          double s = w[base + d];
          double[] xi = x[i];
          for (int c = 0; c < d; c++) {
            s += w[base + c] * xi[c];
          }
          double err = 1 / (1 + Math.exp(-s)) - y;
          for (int c = 0; c < d; c++) {
            g[base + c] += err * xi[c];
          }
          g[base + d] += err;
        }
        if (count > 0) {
          for (int c = 0; c <= d; c++) {
            g[base + c] /= count;
          }
        }
        for (int c = 0; c < d; c++) {
          g[base + c] += l2 * w[base + c];
        }
      }
      double c1 = 1 - Math.pow(b1, t);
      double c2 = 1 - Math.pow(b2, t);
      for (int k = 0; k < w.length; k++) {
        mom[k] = b1 * mom[k] + (1 - b1) * g[k];
        vel[k] = b2 * vel[k] + (1 - b2) * g[k] * g[k];
        w[k] -= lr * (mom[k] / c1) / (Math.sqrt(vel[k] / c2) + 1e-8);
      }
    }
    // Fold the standardisation in: w·((z - mu)/sd) + b = (w/sd)·z + (b - Σ w·mu/sd).
    float[] out = new float[w.length];
    for (int j = 0; j < m; j++) {
      int base = j * stride;
      double bias = w[base + d];
      for (int c = 0; c < d; c++) {
        double wc = w[base + c] / sd[c];
        out[base + c] = (float) wc;
        bias -= wc * mu[c];
      }
      out[base + d] = (float) bias;
    }
    return new LogisticPredictor(d, m, out, l2);
  }
}
