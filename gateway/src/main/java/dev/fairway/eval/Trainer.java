package dev.fairway.eval;

import dev.fairway.routing.embed.RoutingText;
import dev.fairway.routing.quality.KnnPredictor;
import dev.fairway.routing.quality.LexicalKnn;
import dev.fairway.routing.quality.LogisticPredictor;
import dev.fairway.routing.quality.Projection;
import dev.fairway.routing.quality.QualityModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a router model from outcome data: principal components of the prompt embeddings, then a
 * kNN head, a logistic head and a lexical kNN, each with its hyper-parameter (k, the L2 penalty)
 * chosen by cross-validation on the training data alone, and the hybrid (mean of the embedding
 * kNN and the lexical kNN). The criterion is what the router is for: the AIQ of the cost-quality
 * curve the utility objective traces on held-out folds. The head with the best cross-validated
 * AIQ (knn, logistic or hybrid) becomes the model's chosen predictor.
 */
public final class Trainer {
  private Trainer() {}

  /**
   * @param dimensions principal components kept
   * @param ks candidate k for the kNN head
   * @param l2s candidate L2 penalties for the logistic head
   */
  public record Options(int dimensions, int[] ks, double[] l2s, int folds, long seed, int epochs) {
    public static Options defaults() {
      return new Options(32, new int[] {10, 20, 40, 80, 160, 320}, new double[] {1e-3, 1e-2, 1e-1}, 5, 1, 300);
    }
  }

  /** Cross-validated figures behind the choices, for the report. */
  public record Selection(int k, double knnAiq, double l2, double logisticAiq, int lexicalK, double lexicalAiq,
      double hybridAiq, String chosen, Map<Integer, Double> aiqByK, Map<Double, Double> aiqByL2) {}

  public record Trained(QualityModel model, Selection selection) {}

  public static Trained train(OutcomeData data, float[][] embeddings, String embedder, int window, Options o,
      Progress progress) {
    Projection proj = Pca.fit(embeddings, o.dimensions());
    float[][] z = project(proj, embeddings);
    Singles singles = Singles.of(data);
    Folds folds = Folds.of(data.size(), o.folds(), o.seed());

    int n = data.size();
    int m = data.modelCount();
    double[][][] knnQ = new double[o.ks().length][n][];
    double[][][] lrQ = new double[o.l2s().length][n][];
    double[][][] lexQ = new double[o.ks().length][n][];
    List<String> texts = lexicalTexts(data);
    double[][] cost = new double[n][];
    progress.start("cross-validating heads", (long) folds.count() * (1 + o.l2s().length));
    int kMax = java.util.Arrays.stream(o.ks()).max().orElse(1);
    long done = 0;
    for (int f = 0; f < folds.count(); f++) {
      int[] tr = folds.train(f, n);
      int[] te = folds.test()[f];
      OutcomeData dtr = data.subset(tr);
      double[][] c = CostModel.fit(dtr).predict(data.subset(te));
      for (int i = 0; i < te.length; i++) {
        cost[te[i]] = c[i];
      }
      KnnPredictor knn = knn(rows(z, tr), dtr.scores(), 1);
      for (int i = 0; i < te.length; i++) {
        KnnPredictor.Neighbours nb = knn.neighbours(z[te[i]], kMax);
        for (int ki = 0; ki < o.ks().length; ki++) {
          double[] out = new double[m];
          knn.aggregate(nb, o.ks()[ki], out);
          knnQ[ki][te[i]] = out;
        }
      }
      LexicalKnn lex = LexicalKnn.fit(rows(texts, tr), dtr.scores());
      for (int i = 0; i < te.length; i++) {
        KnnPredictor.Neighbours nb = lex.neighbours(texts.get(te[i]), kMax);
        for (int ki = 0; ki < o.ks().length; ki++) {
          double[] out = new double[m];
          lex.aggregate(nb, o.ks()[ki], out);
          lexQ[ki][te[i]] = out;
        }
      }
      progress.update(++done);
      for (int li = 0; li < o.l2s().length; li++) {
        LogisticPredictor lr = LogisticTrainer.fit(rows(z, tr), dtr.scores(), o.l2s()[li], o.epochs());
        for (int i = 0; i < te.length; i++) {
          double[] out = new double[m];
          lr.predict(z[te[i]], out);
          lrQ[li][te[i]] = out;
        }
        progress.update(++done);
      }
    }
    double[] fallback = data.meanScores();
    Map<Integer, Double> byK = new LinkedHashMap<>();
    int bestK = o.ks()[0];
    double bestKAiq = Double.NEGATIVE_INFINITY;
    for (int ki = 0; ki < o.ks().length; ki++) {
      double a = singles.figures(Replay.sweep(knnQ[ki], cost, fallback, data, Replay.utilityKnob())).aiq();
      byK.put(o.ks()[ki], a);
      if (a > bestKAiq + 1e-9) {
        bestKAiq = a;
        bestK = o.ks()[ki];
      }
    }
    Map<Double, Double> byL2 = new LinkedHashMap<>();
    double bestL2 = o.l2s()[0];
    double bestL2Aiq = Double.NEGATIVE_INFINITY;
    for (int li = 0; li < o.l2s().length; li++) {
      double a = singles.figures(Replay.sweep(lrQ[li], cost, fallback, data, Replay.utilityKnob())).aiq();
      byL2.put(o.l2s()[li], a);
      if (a > bestL2Aiq + 1e-9) {
        bestL2Aiq = a;
        bestL2 = o.l2s()[li];
      }
    }
    int bestLexK = o.ks()[0];
    int bestLexIdx = 0;
    double bestLexAiq = Double.NEGATIVE_INFINITY;
    for (int ki = 0; ki < o.ks().length; ki++) {
      double a = singles.figures(Replay.sweep(lexQ[ki], cost, fallback, data, Replay.utilityKnob())).aiq();
      if (a > bestLexAiq + 1e-9) {
        bestLexAiq = a;
        bestLexK = o.ks()[ki];
        bestLexIdx = ki;
      }
    }
    int bestKIdx = java.util.Arrays.stream(o.ks()).boxed().toList().indexOf(bestK);
    double[][] hy = new double[n][];
    for (int i = 0; i < n; i++) {
      hy[i] = knnQ[bestKIdx][i].clone();
      QualityModel.mean(hy[i], lexQ[bestLexIdx][i]);
    }
    double hybridAiq = singles.figures(Replay.sweep(hy, cost, fallback, data, Replay.utilityKnob())).aiq();
    String chosen = hybridAiq >= bestKAiq && hybridAiq >= bestL2Aiq ? "hybrid"
        : bestKAiq >= bestL2Aiq ? "knn" : "logistic";

    KnnPredictor knn = knn(z, data.scores(), bestK);
    LogisticPredictor lr = LogisticTrainer.fit(z, data.scores(), bestL2, o.epochs());
    LexicalKnn lexical = LexicalKnn.fit(texts, data.scores());
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("prompts", Integer.toString(n));
    notes.put("cv_folds", Integer.toString(o.folds()));
    notes.put("cv_aiq_knn", String.format(Locale.ROOT, "%.4f (k=%d)", bestKAiq, bestK));
    notes.put("cv_aiq_logistic", String.format(Locale.ROOT, "%.4f (l2=%s)", bestL2Aiq, bestL2));
    notes.put("cv_aiq_lexical", String.format(Locale.ROOT, "%.4f (k=%d)", bestLexAiq, bestLexK));
    notes.put("cv_aiq_hybrid", String.format(Locale.ROOT, "%.4f", hybridAiq));
    QualityModel model = new QualityModel(embedder, window, data.models(), proj, knn, lr, lexical, bestLexK, chosen,
        fallback, notes);
    return new Trained(model, new Selection(bestK, bestKAiq, bestL2, bestL2Aiq, bestLexK, bestLexAiq, hybridAiq, chosen,
        byK, byL2));
  }

  /** What the lexical head reads of each prompt (as live requests give it). */
  static List<String> lexicalTexts(OutcomeData d) {
    List<String> t = new java.util.ArrayList<>(d.size());
    for (String p : d.prompts()) {
      t.add(RoutingText.window(p, RoutingText.LEXICAL_WINDOW));
    }
    return t;
  }

  static <T> List<T> rows(List<T> list, int[] idx) {
    List<T> out = new java.util.ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(list.get(i));
    }
    return out;
  }

  static float[][] project(Projection p, float[][] e) {
    float[][] z = new float[e.length][];
    for (int i = 0; i < e.length; i++) {
      z[i] = p.apply(e[i]);
    }
    return z;
  }

  static float[][] rows(float[][] m, int[] idx) {
    float[][] out = new float[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      out[i] = m[idx[i]];
    }
    return out;
  }

  static KnnPredictor knn(float[][] z, double[][] scores, int k) {
    int dim = z[0].length;
    int m = scores[0].length;
    float[] pts = new float[z.length * dim];
    float[] sc = new float[z.length * m];
    for (int i = 0; i < z.length; i++) {
      System.arraycopy(z[i], 0, pts, i * dim, dim);
      for (int j = 0; j < m; j++) {
        sc[i * m + j] = (float) scores[i][j];
      }
    }
    return new KnnPredictor(dim, m, pts, sc, k);
  }

  /** Every model's predicted quality for every prompt with the given head. */
  static double[][] predictAll(dev.fairway.routing.quality.QualityPredictor p, Projection proj, float[][] emb,
      int models) {
    double[][] out = new double[emb.length][];
    for (int i = 0; i < emb.length; i++) {
      out[i] = new double[models];
      p.predict(proj.apply(emb[i]), out[i]);
    }
    return out;
  }
}
