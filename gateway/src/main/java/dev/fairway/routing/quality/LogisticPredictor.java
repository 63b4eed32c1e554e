package dev.fairway.routing.quality;

/**
 * One logistic regression per model on the projected prompt embedding:
 * {@code quality_j = sigmoid(w_j · z + b_j)}, trained on the outcome scores with cross-entropy
 * and an L2 penalty (see {@code dev.fairway.eval.Trainer}). Cheap to evaluate (dim × models
 * multiply-adds) and smooth where the data is sparse, but unable to carve out small clusters the
 * way kNN does.
 */
public final class LogisticPredictor implements QualityPredictor {
  private final int dim;
  private final int models;
  private final float[] weights; // models rows of (dim + 1): weights then bias
  private final double l2;

  public LogisticPredictor(int dim, int models, float[] weights, double l2) {
    if (weights.length != models * (dim + 1)) {
      throw new IllegalArgumentException("logistic weights shape mismatch");
    }
    this.dim = dim;
    this.models = models;
    this.weights = weights;
    this.l2 = l2;
  }

  public double l2() {
    return l2;
  }

  float[] weights() {
    return weights;
  }

  @Override
  public String describe() {
    return "logistic(l2=" + l2 + ")";
  }

  @Override
  public void predict(float[] z, double[] out) {
    int stride = dim + 1;
    for (int j = 0; j < models; j++) {
      int base = j * stride;
      double s = weights[base + dim];
      for (int i = 0; i < dim; i++) {
        s += weights[base + i] * z[i];
      }
      out[j] = 1 / (1 + Math.exp(-s));
    }
  }
}
