package dev.fairway.routing.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * kNN over hashed TF-IDF vectors of the prompt's words: lower-cased letter-or-digit runs hashed
 * into 2^18 buckets, sublinear term frequency, smoothed IDF, cosine similarity, and the same
 * similarity-weighted mean of neighbours' scores as {@link KnnPredictor}. On its own it is the
 * baseline the embedding routers are measured against; averaged with the embedding kNN it is the
 * hybrid head, which beat both on the routing data (words catch the task's template and domain,
 * the embedding its meaning).
 *
 * <p>Holds numbers only: bucket ids and weights, no words.
 */
public final class LexicalKnn {
  public static final int BUCKETS = 1 << 18;

  private final int models;
  private final int[] offsets; // doc d's terms are terms[offsets[d] .. offsets[d + 1])
  private final int[] terms; // bucket ids, ascending within a doc
  private final float[] weights; // unit-length per doc
  private final int[] seenBuckets; // buckets with a document frequency, ascending
  private final float[] seenIdf;
  private final float unseenIdf;
  private final float[] scores; // docs × models, NaN where unmeasured
  private final Map<Integer, Posting> postings = new HashMap<>();

  /** The documents holding a bucket and the bucket's weight in each. */
  private record Posting(int[] docs, float[] weights) {}

  LexicalKnn(int models, int[] offsets, int[] terms, float[] weights, int[] seenBuckets, float[] seenIdf,
      float unseenIdf, float[] scores) {
    if (offsets.length < 1 || terms.length != weights.length || seenBuckets.length != seenIdf.length
        || scores.length != (offsets.length - 1) * models) {
      throw new IllegalArgumentException("lexical kNN data shape mismatch");
    }
    this.models = models;
    this.offsets = offsets;
    this.terms = terms;
    this.weights = weights;
    this.seenBuckets = seenBuckets;
    this.seenIdf = seenIdf;
    this.unseenIdf = unseenIdf;
    this.scores = scores;
    Map<Integer, List<Integer>> post = new HashMap<>();
    for (int d = 0; d + 1 < offsets.length; d++) {
      for (int i = offsets[d]; i < offsets[d + 1]; i++) {
        post.computeIfAbsent(terms[i], t -> new ArrayList<>()).add(i);
      }
    }
    // Postings by entry index into terms/weights; the document of entry i is found by its offset.
    int[] docOf = new int[terms.length];
    for (int d = 0; d + 1 < offsets.length; d++) {
      Arrays.fill(docOf, offsets[d], offsets[d + 1], d);
    }
    post.forEach((t, l) -> {
      int[] docs = new int[l.size()];
      float[] ws = new float[l.size()];
      for (int j = 0; j < docs.length; j++) {
        docs[j] = docOf[l.get(j)];
        ws[j] = weights[l.get(j)];
      }
      postings.put(t, new Posting(docs, ws));
    });
  }

  /** Fits on training texts and their scores (docs × models, NaN where unmeasured). */
  public static LexicalKnn fit(List<String> texts, double[][] scores) {
    int n = texts.size();
    int m = n == 0 ? 0 : scores[0].length;
    List<Map<Integer, Integer>> tf = new ArrayList<>(n);
    int[] df = new int[BUCKETS];
    for (String t : texts) {
      Map<Integer, Integer> c = counts(t);
      tf.add(c);
      c.keySet().forEach(b -> df[b]++);
    }
    int seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      if (df[b] > 0) {
        seen++;
      }
    }
    int[] buckets = new int[seen];
    float[] idf = new float[seen];
    float[] dense = new float[BUCKETS];
    float unseen = (float) (Math.log((1.0 + n) / 1.0) + 1);
    Arrays.fill(dense, unseen);
    for (int b = 0, i = 0; b < BUCKETS; b++) {
      if (df[b] > 0) {
        buckets[i] = b;
        idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df[b])) + 1);
        dense[b] = idf[i++];
      }
    }
    int[] offsets = new int[n + 1];
    List<int[]> ts = new ArrayList<>(n);
    List<float[]> ws = new ArrayList<>(n);
    for (int d = 0; d < n; d++) {
      Vec v = vector(tf.get(d), dense);
      ts.add(v.terms);
      ws.add(v.weights);
      offsets[d + 1] = offsets[d] + v.terms.length;
    }
    int[] terms = new int[offsets[n]];
    float[] weights = new float[offsets[n]];
    for (int d = 0; d < n; d++) {
      System.arraycopy(ts.get(d), 0, terms, offsets[d], ts.get(d).length);
      System.arraycopy(ws.get(d), 0, weights, offsets[d], ws.get(d).length);
    }
    float[] sc = new float[n * m];
    for (int d = 0; d < n; d++) {
      for (int j = 0; j < m; j++) {
        sc[d * m + j] = (float) scores[d][j];
      }
    }
    return new LexicalKnn(m, offsets, terms, weights, buckets, idf, unseen, sc);
  }

  public int rows() {
    return offsets.length - 1;
  }

  int[] offsets() {
    return offsets;
  }

  int[] terms() {
    return terms;
  }

  float[] weights() {
    return weights;
  }

  int[] seenBuckets() {
    return seenBuckets;
  }

  float[] seenIdf() {
    return seenIdf;
  }

  float unseenIdf() {
    return unseenIdf;
  }

  float[] scores() {
    return scores;
  }

  int models() {
    return models;
  }

  /** Predicted quality of each model for {@code text} from its {@code k} most similar training texts. */
  public void predict(String text, int k, double[] out) {
    KnnPredictor.Neighbours nb = neighbours(text, k);
    aggregate(nb, k, out);
  }

  /** The {@code kMax} most similar training texts, most similar first (ties to the lower row). */
  public KnnPredictor.Neighbours neighbours(String text, int kMax) {
    Map<Integer, Integer> c = counts(text);
    int[] qt = new int[c.size()];
    float[] qw = new float[c.size()];
    double norm = 0;
    int i = 0;
    for (Map.Entry<Integer, Integer> e : c.entrySet()) {
      qt[i] = e.getKey();
      double w = (1 + Math.log(e.getValue())) * idf(e.getKey());
      qw[i++] = (float) w;
      norm += w * w;
    }
    float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
    float[] sim = new float[rows()];
    for (int a = 0; a < qt.length; a++) {
      Posting p = postings.get(qt[a]);
      if (p == null) {
        continue;
      }
      float w = qw[a] * inv;
      int[] docs = p.docs();
      float[] ws = p.weights();
      for (int j = 0; j < docs.length; j++) {
        sim[docs[j]] += w * ws[j];
      }
    }
    int k = Math.min(kMax, rows());
    int[] idx = new int[k];
    float[] top = new float[k];
    int n = KnnPredictor.top(sim, k, idx, top);
    long[] keys = new long[n];
    for (int t = 0; t < n; t++) {
      keys[t] = KnnPredictor.key(top[t], idx[t]);
    }
    Arrays.sort(keys);
    int[] rowsOut = new int[n];
    float[] sims = new float[n];
    for (int r = 0; r < n; r++) {
      rowsOut[r] = (int) keys[r];
      sims[r] = sim[rowsOut[r]];
    }
    return new KnnPredictor.Neighbours(rowsOut, sims);
  }

  /** The prediction from the first {@code k} of {@code nb}. */
  public void aggregate(KnnPredictor.Neighbours nb, int k, double[] out) {
    KnnPredictor.aggregate(nb.rows(), nb.similarities(), Math.min(k, nb.rows().length), scores, models, out);
  }

  private float idf(int bucket) {
    int i = Arrays.binarySearch(seenBuckets, bucket);
    return i >= 0 ? seenIdf[i] : unseenIdf;
  }

  private record Vec(int[] terms, float[] weights) {}

  private static Vec vector(Map<Integer, Integer> counts, float[] idf) {
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

  static Map<Integer, Integer> counts(String text) {
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
