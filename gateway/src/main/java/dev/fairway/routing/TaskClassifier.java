package dev.fairway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Recognises a prompt's task class (planning, code, light chat...) from example prompts: a class
 * scores the mean cosine similarity of its two examples most like the prompt, and the best class
 * wins if it scores at least {@code minSimilarity} and beats the runner-up by {@link #MIN_MARGIN}.
 * Sentence embeddings of short, differently worded prompts are only mildly similar (0.2–0.5 for
 * the same task with all-MiniLM-L6-v2), so the margin, not a high threshold, keeps ambiguous
 * prompts unclassified. Examples are embedded once, at start-up, with
 * the same embedder and text window as live prompts.
 */
public final class TaskClassifier {
  /** How much the best class must beat the second to count. */
  public static final double MIN_MARGIN = 0.03;

  private final List<String> names;
  private final int[] classOf; // example -> class
  private final float[][] byDim; // per embedding dimension, every example's coordinate (SIMD-friendly scan)
  private final double minSimilarity;

  private TaskClassifier(List<String> names, List<float[][]> examples, double minSimilarity) {
    this.names = List.copyOf(names);
    this.minSimilarity = minSimilarity;
    int n = examples.stream().mapToInt(e -> e.length).sum();
    int dim = n == 0 ? 0 : examples.get(0)[0].length;
    this.classOf = new int[n];
    this.byDim = new float[dim][n];
    int i = 0;
    for (int c = 0; c < examples.size(); c++) {
      for (float[] x : examples.get(c)) {
        classOf[i] = c;
        for (int d = 0; d < dim; d++) {
          byDim[d][i] = x[d];
        }
        i++;
      }
    }
  }

  public static TaskClassifier of(List<RouterSpec.TaskRule> rules, Function<String, float[]> embed, double minSimilarity) {
    List<String> names = new ArrayList<>();
    List<float[][]> ex = new ArrayList<>();
    for (RouterSpec.TaskRule r : rules) {
      if (r.examples().isEmpty()) {
        continue;
      }
      names.add(r.name());
      float[][] v = new float[r.examples().size()][];
      for (int i = 0; i < v.length; i++) {
        v[i] = embed.apply(r.examples().get(i));
      }
      ex.add(v);
    }
    return new TaskClassifier(names, ex, minSimilarity);
  }

  /** The recognised class and its score, or null when no class is similar enough. */
  public Match classify(float[] embedding) {
    double[] scores = scores(embedding);
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    double second = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < scores.length; c++) {
      if (scores[c] > bestScore) {
        second = bestScore;
        bestScore = scores[c];
        best = c;
      } else if (scores[c] > second) {
        second = scores[c];
      }
    }
    return best >= 0 && bestScore >= minSimilarity && bestScore - second >= MIN_MARGIN
        ? new Match(names.get(best), bestScore) : null;
  }

  /** Per class, the mean similarity of its two examples most like the prompt (the one, if it has one). */
  private double[] scores(float[] e) {
    float[] sim = new float[classOf.length];
    for (int d = 0; d < byDim.length; d++) {
      float ed = e[d];
      float[] col = byDim[d];
      for (int i = 0; i < sim.length; i++) {
        sim[i] += ed * col[i];
      }
    }
    double[] first = new double[names.size()];
    double[] second = new double[names.size()];
    java.util.Arrays.fill(first, Double.NEGATIVE_INFINITY);
    java.util.Arrays.fill(second, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < sim.length; i++) {
      int c = classOf[i];
      if (sim[i] > first[c]) {
        second[c] = first[c];
        first[c] = sim[i];
      } else if (sim[i] > second[c]) {
        second[c] = sim[i];
      }
    }
    double[] out = new double[names.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = second[c] == Double.NEGATIVE_INFINITY ? first[c] : (first[c] + second[c]) / 2;
    }
    return out;
  }

  public record Match(String task, double similarity) {}
}
