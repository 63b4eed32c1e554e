package dev.fairway.routing.quality;

/**
 * Predicts, for one prompt, the quality each known model's answer would have. Implementations are
 * immutable and thread-safe.
 */
public interface QualityPredictor {
  /** A short name for tables ({@code knn(k=80)}, {@code logistic(l2=0.01)}). */
  String describe();

  /**
   * Fills {@code out[j]} with model j's predicted quality in [0, 1] for the projected prompt
   * {@code z}, or NaN where this predictor knows nothing about model j.
   */
  void predict(float[] z, double[] out);
}
