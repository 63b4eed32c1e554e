package dev.fairway.routing.quality;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained router model: which embedder and text window it expects, the projection, the kNN and
 * logistic heads, and which of the two cross-validation favoured. Holds numbers and model ids
 * only, never prompt text. Immutable; {@link ModelFile} reads and writes it.
 *
 * @param embedder the embedder id the vectors come from (see {@code dev.fairway.routing.embed.Embedders})
 * @param windowChars how much of the prompt's end was embedded (see {@code RoutingText})
 * @param models the outcome data's model ids, in column order
 * @param chosen {@code knn} or {@code logistic}: the head {@link #predictor()} returns
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
    String chosen,
    double[] meanQuality,
    Map<String, String> notes) {

  public QualityModel {
    models = List.copyOf(models);
    notes = Map.copyOf(notes);
    if (!"knn".equals(chosen) && !"logistic".equals(chosen)) {
      throw new IllegalArgumentException("chosen predictor must be knn or logistic, got " + chosen);
    }
    if ("logistic".equals(chosen) && logistic == null) {
      throw new IllegalArgumentException("logistic chosen but absent");
    }
    if (meanQuality.length != models.size()) {
      throw new IllegalArgumentException("meanQuality has " + meanQuality.length + " entries for " + models.size() + " models");
    }
  }

  public QualityPredictor predictor() {
    return "logistic".equals(chosen) ? logistic : knn;
  }

  public QualityModel withChosen(String which) {
    return new QualityModel(embedder, windowChars, models, projection, knn, logistic, which, meanQuality, notes);
  }

  /** Column of each model id. */
  public Map<String, Integer> columns() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < models.size(); i++) {
      m.put(models.get(i), i);
    }
    return m;
  }

  /** Predicted quality of every model for one raw embedding, with the chosen head. */
  public double[] predict(float[] embedding) {
    double[] out = new double[models.size()];
    predictor().predict(projection.apply(embedding), out);
    return out;
  }
}
