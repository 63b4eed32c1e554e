package dev.fairway.routing.quality;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained router model: which embedder and text window it expects, the projection, the heads
 * (kNN and logistic on the embedding, and the hybrid of the embedding kNN with a lexical kNN), and
 * which one cross-validation favoured. Holds numbers and model ids only, never prompt text.
 * Immutable; {@link ModelFile} reads and writes it.
 *
 * @param embedder the embedder id the vectors come from (see {@code dev.fairway.routing.embed.Embedders})
 * @param windowChars how much of the prompt's end was embedded (see {@code RoutingText})
 * @param models the outcome data's model ids, in column order
 * @param lexical the lexical kNN over the same training prompts, or null
 * @param lexicalK its k
 * @param chosen {@code knn}, {@code logistic} or {@code hybrid} (mean of knn and lexical)
 * @param meanQuality each model's mean score in the training data, NaN where it has none
 * @param notes free-form facts about the training run (data files, CV figures), for humans
 */
public record QualityModel(
    String embedder,
    int windowChars,
    List<String> models,
    Projection projection,
    KnnPredictor knn,
    LogisticPredictor logistic,
    LexicalKnn lexical,
    int lexicalK,
    String chosen,
    double[] meanQuality,
    Map<String, String> notes) {

  public QualityModel {
    models = List.copyOf(models);
    notes = Map.copyOf(notes);
    if (!HEADS.contains(chosen)) {
      throw new IllegalArgumentException("chosen predictor must be one of " + HEADS + ", got " + chosen);
    }
    if ("logistic".equals(chosen) && logistic == null || "hybrid".equals(chosen) && lexical == null) {
      throw new IllegalArgumentException(chosen + " chosen but absent");
    }
    if (meanQuality.length != models.size()) {
      throw new IllegalArgumentException("meanQuality has " + meanQuality.length + " entries for " + models.size() + " models");
    }
  }

  public static final List<String> HEADS = List.of("knn", "logistic", "hybrid");

  /** The embedding head of the chosen predictor (the hybrid's is the kNN). */
  public QualityPredictor predictor() {
    return "logistic".equals(chosen) ? logistic : knn;
  }

  public QualityModel withChosen(String which) {
    return new QualityModel(embedder, windowChars, models, projection, knn, logistic, lexical, lexicalK, which,
        meanQuality, notes);
  }

  /** Column of each model id. */
  public Map<String, Integer> columns() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < models.size(); i++) {
      m.put(models.get(i), i);
    }
    return m;
  }

  /**
   * Predicted quality of every model for one prompt with the chosen head.
   *
   * @param embedding the routing window's embedding
   * @param text the prompt's text for the lexical half of the hybrid head (see
   *     {@code RoutingText.LEXICAL_WINDOW}); with null the hybrid answers with its kNN half
   */
  public double[] predict(float[] embedding, String text) {
    double[] out = new double[models.size()];
    predictor().predict(projection.apply(embedding), out);
    if ("hybrid".equals(chosen) && text != null) {
      double[] lex = new double[models.size()];
      lexical.predict(text, lexicalK, lex);
      mean(out, lex);
    }
    return out;
  }

  /** {@code a[j] = mean(a[j], b[j])}, a NaN on either side leaving the other. */
  public static void mean(double[] a, double[] b) {
    for (int j = 0; j < a.length; j++) {
      a[j] = Double.isNaN(a[j]) ? b[j] : Double.isNaN(b[j]) ? a[j] : (a[j] + b[j]) / 2;
    }
  }
}
