package dev.fairway.routing.quality;

import java.util.Arrays;

/**
 * k nearest neighbours over the training prompts (cosine on projected embeddings): a model's
 * predicted quality is the similarity-weighted mean of its scores on the k most similar prompts
 * it was measured on. Exact brute-force search, no index to keep in sync.
 *
 * <p>Speed, measured on 5,608 rows of 32 floats: the points are also kept dimension-major, one
 * array per dimension, so the scan is a multiply-add loop over all rows that the JIT compiles to
 * SIMD (a row-major dot product is a floating-point reduction, which it will not vectorise, and
 * one flat array indexed {@code d * rows + r} defeats its range-check elimination: 290 µs against
 * 37 µs at 64 dimensions); four dimensions per pass cut the loads and stores of the running sums
 * (15 µs → 9 µs); the k best are then selected by histogram, not a heap (a heap's unpredictable
 * branches cost 26 µs more at k = 160). About 22 µs per prediction in all.
 */
public final class KnnPredictor implements QualityPredictor {
  private static final int BINS = 2048;

  private final int dim;
  private final int models;
  private final int rows;
  private final int k;
  private final float[] points; // rows × dim, unit length (the serialised form)
  private final float[][] byDim; // per dimension, every row's coordinate: the scan's layout
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
    this.byDim = new float[dim][rows];
    for (int r = 0; r < rows; r++) {
      for (int d = 0; d < dim; d++) {
        byDim[d][r] = points[r * dim + d];
      }
    }
  }

  private KnnPredictor(KnnPredictor base, int k) {
    this.dim = base.dim;
    this.models = base.models;
    this.rows = base.rows;
    this.k = Math.min(k, Math.max(1, rows));
    this.points = base.points;
    this.byDim = base.byDim;
    this.scores = base.scores;
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
    if (newK < 1) {
      throw new IllegalArgumentException("k must be >= 1");
    }
    return new KnnPredictor(this, newK);
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
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = key(sim[i], idx[i]);
    }
    Arrays.sort(keys);
    int[] oi = new int[n];
    float[] os = new float[n];
    for (int i = 0; i < n; i++) {
      oi[i] = (int) keys[i];
      os[i] = similarityOf(keys[i]);
    }
    return new Neighbours(oi, os);
  }

  /** Neighbour rows and their cosine similarities, most similar first. */
  public record Neighbours(int[] rows, float[] similarities) {}

  /** The prediction from the first {@code k} of {@code nb} (see {@link #neighbours}). */
  public void aggregate(Neighbours nb, int k, double[] out) {
    aggregate(nb.rows(), nb.similarities(), Math.min(k, nb.rows().length), out);
  }

  /**
   * The {@code k} most similar rows (ties to the lower row), in no particular order; returns how
   * many were found (fewer than k only when there are fewer rows). One pass counts similarities
   * into bins, the bin holding the k-th best is found, the rows above it are taken and the few in
   * it ranked.
   */
  int nearest(float[] z, int[] idx, float[] sim) {
    return top(similarities(z), k, idx, sim);
  }

  /**
   * The {@code k} largest of {@code all} (similarities in [-1, 1]) into {@code idx}/{@code sim}, ties to
   * the lower row, in no particular order; returns how many (fewer than k only when there are fewer).
   */
  static int top(float[] all, int k, int[] idx, float[] sim) {
    int rows = all.length;
    if (rows <= k) {
      for (int r = 0; r < rows; r++) {
        idx[r] = r;
        sim[r] = all[r];
      }
      return rows;
    }
    short[] bins = new short[rows];
    int[] hist = histogram(all, bins);
    int cut = BINS - 1;
    int above = 0; // rows in bins above cut
    while (above + hist[cut] < k) {
      above += hist[cut--];
    }
    int n = 0;
    long[] edge = new long[hist[cut]];
    int e = 0;
    for (int r = 0; r < rows; r++) {
      int b = bins[r];
      if (b > cut) {
        idx[n] = r;
        sim[n++] = all[r];
      } else if (b == cut) {
        edge[e++] = key(all[r], r);
      }
    }
    Arrays.sort(edge);
    for (int i = 0; n < k; i++) {
      int r = (int) edge[i];
      idx[n] = r;
      sim[n++] = all[r];
    }
    return n;
  }

  /**
   * Its own method on purpose: written inline in {@link #nearest}, this loop was compiled by C2's
   * auto-vectoriser (JDK 25) into code five times slower (116 µs against 22 µs per prediction).
   */
  private static int[] histogram(float[] all, short[] bins) {
    int[] hist = new int[BINS];
    for (int r = 0; r < all.length; r++) {
      int b = bin(all[r]);
      bins[r] = (short) b;
      hist[b]++;
    }
    return hist;
  }

  /** Sorts (as a long) by similarity descending, then row ascending. */
  static long key(float s, int row) {
    int bits = Float.floatToIntBits(s);
    int ordered = bits ^ ((bits >> 31) & 0x7fffffff); // monotonic in the float's value
    return ((long) ~ordered << 32) | row;
  }

  private static float similarityOf(long key) {
    int ordered = ~(int) (key >>> 32);
    return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
  }

  private static int bin(float s) {
    int b = (int) ((s + 1f) * (BINS / 2f));
    return b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
  }

  void aggregate(int[] idx, float[] sim, int n, double[] out) {
    aggregate(idx, sim, n, scores, models, out);
  }

  /** Similarity-weighted mean of the neighbours' scores, per model (NaN where none was measured). */
  static void aggregate(int[] idx, float[] sim, int n, float[] scores, int models, double[] out) {
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

  /** Cosine similarity of {@code z} to every row. */
  private float[] similarities(float[] z) {
    float[] out = new float[rows];
    int d = 0;
    // Four dimensions per pass over the rows: a quarter of the loads and stores of out[].
    for (; d + 3 < dim; d += 4) {
      float z0 = z[d];
      float z1 = z[d + 1];
      float z2 = z[d + 2];
      float z3 = z[d + 3];
      float[] c0 = byDim[d];
      float[] c1 = byDim[d + 1];
      float[] c2 = byDim[d + 2];
      float[] c3 = byDim[d + 3];
      for (int r = 0; r < out.length; r++) {
        out[r] += z0 * c0[r] + z1 * c1[r] + z2 * c2[r] + z3 * c3[r];
      }
    }
    for (; d < dim; d++) {
      float zd = z[d];
      float[] col = byDim[d];
      for (int r = 0; r < out.length; r++) {
        out[r] += zd * col[r];
      }
    }
    return out;
  }
}
