package dev.fairway.routing.quality;

import java.util.Arrays;

/**
 * k nearest neighbours over the training prompts (cosine on projected embeddings): a model's
 * predicted quality is the similarity-weighted mean of its scores on the k most similar prompts
 * it was measured on. Exact brute-force search: a few thousand 64-float rows scan in microseconds
 * and need no index to keep in sync.
 */
public final class KnnPredictor implements QualityPredictor {
  private final int dim;
  private final int models;
  private final int rows;
  private final int k;
  private final float[] points; // rows × dim, unit length
  private final float[] scores; // rows × models, NaN where unmeasured

  public KnnPredictor(int dim, int models, float[] points, float[] scores, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1");
    }
    if (points.length % dim != 0 || scores.length != (points.length / dim) * models) {
      throw new IllegalArgumentException("kNN data shape mismatch");
    }
    this.dim = dim;
    this.models = models;
    this.rows = points.length / dim;
    this.k = Math.min(k, Math.max(1, rows));
    this.points = points;
    this.scores = scores;
  }

  public int k() {
    return k;
  }

  public int rows() {
    return rows;
  }

  float[] points() {
    return points;
  }

  float[] scores() {
    return scores;
  }

  int dimension() {
    return dim;
  }

  /** The same neighbours with a different k (for cross-validating k without copying the data). */
  public KnnPredictor withK(int newK) {
    return new KnnPredictor(dim, models, points, scores, newK);
  }

  @Override
  public String describe() {
    return "knn(k=" + k + ")";
  }

  @Override
  public void predict(float[] z, double[] out) {
    int[] idx = new int[k];
    float[] sim = new float[k];
    int found = nearest(z, idx, sim);
    aggregate(idx, sim, found, out);
  }

  /**
   * The {@code kMax} rows most similar to {@code z}, most similar first, as parallel arrays
   * (length min(kMax, rows)). With {@link #aggregate} this lets offline evaluation try many k from
   * one search, through the same code that serves live requests.
   */
  public Neighbours neighbours(float[] z, int kMax) {
    int kk = Math.min(kMax, rows);
    KnnPredictor wide = kk == k ? this : withK(kk);
    int[] idx = new int[kk];
    float[] sim = new float[kk];
    int n = wide.nearest(z, idx, sim);
    // Heap order to descending similarity.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(sim[b], sim[a]) != 0 ? Float.compare(sim[b], sim[a]) : Integer.compare(idx[a], idx[b]));
    int[] oi = new int[n];
    float[] os = new float[n];
    for (int i = 0; i < n; i++) {
      oi[i] = idx[order[i]];
      os[i] = sim[order[i]];
    }
    return new Neighbours(oi, os);
  }

  /** Neighbour rows and their cosine similarities, most similar first. */
  public record Neighbours(int[] rows, float[] similarities) {}

  /** The prediction from the first {@code k} of {@code nb} (see {@link #neighbours}). */
  public void aggregate(Neighbours nb, int k, double[] out) {
    aggregate(nb.rows(), nb.similarities(), Math.min(k, nb.rows().length), out);
  }

  /** The {@code k} most similar rows in heap order; returns how many were found (fewer only when rows < k). */
  int nearest(float[] z, int[] idx, float[] sim) {
    int n = 0;
    // A min-heap of the best k similarities seen so far, at sim[0].
    for (int r = 0; r < rows; r++) {
      float s = dot(z, r * dim);
      if (n < k) {
        idx[n] = r;
        sim[n] = s;
        siftUp(idx, sim, n++);
      } else if (s > sim[0]) {
        idx[0] = r;
        sim[0] = s;
        siftDown(idx, sim, n);
      }
    }
    return n;
  }

  void aggregate(int[] idx, float[] sim, int n, double[] out) {
    Arrays.fill(out, 0);
    double[] wsum = new double[models];
    for (int i = 0; i < n; i++) {
      double w = Math.max(sim[i], 0f);
      int base = idx[i] * models;
      for (int j = 0; j < models; j++) {
        float v = scores[base + j];
        if (!Float.isNaN(v)) {
          out[j] += w * v;
          wsum[j] += w;
        }
      }
    }
    for (int j = 0; j < models; j++) {
      out[j] = wsum[j] > 0 ? out[j] / wsum[j] : Double.NaN;
    }
  }

  private float dot(float[] z, int base) {
    // Four accumulators break the add dependency chain; the JIT does not reorder float sums itself.
    float a = 0, b = 0, c = 0, d = 0;
    int i = 0;
    for (; i + 3 < dim; i += 4) {
      a += z[i] * points[base + i];
      b += z[i + 1] * points[base + i + 1];
      c += z[i + 2] * points[base + i + 2];
      d += z[i + 3] * points[base + i + 3];
    }
    for (; i < dim; i++) {
      a += z[i] * points[base + i];
    }
    return (a + b) + (c + d);
  }

  private static void siftUp(int[] idx, float[] sim, int i) {
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (sim[p] <= sim[i]) {
        return;
      }
      swap(idx, sim, p, i);
      i = p;
    }
  }

  private static void siftDown(int[] idx, float[] sim, int n) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        return;
      }
      int m = l + 1 < n && sim[l + 1] < sim[l] ? l + 1 : l;
      if (sim[i] <= sim[m]) {
        return;
      }
      swap(idx, sim, i, m);
      i = m;
    }
  }

  private static void swap(int[] idx, float[] sim, int a, int b) {
    int t = idx[a];
    idx[a] = idx[b];
    idx[b] = t;
    float s = sim[a];
    sim[a] = sim[b];
    sim[b] = s;
  }
}
