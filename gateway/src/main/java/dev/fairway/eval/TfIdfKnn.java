package dev.fairway.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The baseline router the embedding routers must beat: kNN over hashed TF-IDF vectors of the whole
 * prompt (lower-cased word tokens hashed into 2^18 buckets, sublinear term frequency, smoothed
 * IDF, cosine similarity), with the same similarity-weighted mean as the embedding kNN.
 */
final class TfIdfKnn {
  private static final int BUCKETS = 1 << 18;

  private final int[][] terms; // per training doc: bucket ids
  private final float[][] weights; // matching weights (unit length)
  private final double[] idf;
  private final Map<Integer, int[]> postings; // bucket -> training docs
  private final double[][] scores;

  private TfIdfKnn(int[][] terms, float[][] weights, double[] idf, Map<Integer, int[]> postings, double[][] scores) {
    this.terms = terms;
    this.weights = weights;
    this.idf = idf;
    this.postings = postings;
    this.scores = scores;
  }

  static TfIdfKnn fit(List<String> prompts, double[][] scores) {
    int n = prompts.size();
    List<Map<Integer, Integer>> tf = new ArrayList<>(n);
    int[] df = new int[BUCKETS];
    for (String p : prompts) {
      Map<Integer, Integer> counts = counts(p);
      tf.add(counts);
      counts.keySet().forEach(b -> df[b]++);
    }
    double[] idf = new double[BUCKETS];
    for (int b = 0; b < BUCKETS; b++) {
      idf[b] = Math.log((1.0 + n) / (1.0 + df[b])) + 1;
    }
    int[][] terms = new int[n][];
    float[][] weights = new float[n][];
    Map<Integer, List<Integer>> post = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Vec v = vector(tf.get(i), idf);
      terms[i] = v.terms;
      weights[i] = v.weights;
      for (int t : v.terms) {
        post.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
      }
    }
    Map<Integer, int[]> postings = new HashMap<>();
    post.forEach((k, l) -> postings.put(k, l.stream().mapToInt(Integer::intValue).toArray()));
    return new TfIdfKnn(terms, weights, idf, postings, scores);
  }

  /** Predicted quality, prompts × models, for each k in {@code ks}. */
  double[][][] predict(List<String> prompts, int[] ks) {
    int kMax = Arrays.stream(ks).max().orElse(1);
    int m = scores[0].length;
    double[][][] out = new double[ks.length][prompts.size()][m];
    java.util.stream.IntStream.range(0, prompts.size()).parallel().forEach(q -> {
      Vec v = vector(counts(prompts.get(q)), idf);
      double[] sim = new double[terms.length];
      for (int a = 0; a < v.terms.length; a++) {
        int[] docs = postings.get(v.terms[a]);
        if (docs == null) {
          continue;
        }
        for (int d : docs) {
          int at = Arrays.binarySearch(terms[d], v.terms[a]);
          sim[d] += v.weights[a] * weights[d][at];
        }
      }
      Integer[] order = new Integer[terms.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Double.compare(sim[y], sim[x]) != 0 ? Double.compare(sim[y], sim[x]) : Integer.compare(x, y));
      for (int ki = 0; ki < ks.length; ki++) {
        int k = Math.min(ks[ki], order.length);
        double[] acc = new double[m];
        double[] wsum = new double[m];
        for (int r = 0; r < k && r < kMax; r++) {
          int d = order[r];
          double w = Math.max(sim[d], 0);
          for (int j = 0; j < m; j++) {
            double s = scores[d][j];
            if (!Double.isNaN(s)) {
              acc[j] += w * s;
              wsum[j] += w;
            }
          }
        }
        for (int j = 0; j < m; j++) {
          out[ki][q][j] = wsum[j] > 0 ? acc[j] / wsum[j] : Double.NaN;
        }
      }
    });
    return out;
  }

  private record Vec(int[] terms, float[] weights) {}

  private static Vec vector(Map<Integer, Integer> counts, double[] idf) {
    int[] t = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    float[] w = new float[t.length];
    double norm = 0;
    for (int i = 0; i < t.length; i++) {
      double v = (1 + Math.log(counts.get(t[i]))) * idf[t[i]];
      w[i] = (float) v;
      norm += v * v;
    }
    float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
    for (int i = 0; i < w.length; i++) {
      w[i] *= inv;
    }
    return new Vec(t, w);
  }

  private static Map<Integer, Integer> counts(String text) {
    Map<Integer, Integer> c = new HashMap<>();
    String s = text.toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && !Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        int h = s.substring(start, i).hashCode() * 0x9E3779B1;
        c.merge((h ^ (h >>> 15)) & (BUCKETS - 1), 1, Integer::sum);
      }
    }
    return c;
  }
}
