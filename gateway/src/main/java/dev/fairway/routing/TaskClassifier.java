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
  private final List<float[][]> examples;
  private final double minSimilarity;

  private TaskClassifier(List<String> names, List<float[][]> examples, double minSimilarity) {
    this.names = List.copyOf(names);
    this.examples = List.copyOf(examples);
    this.minSimilarity = minSimilarity;
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
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    double second = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < names.size(); c++) {
      double s = score(embedding, examples.get(c));
      if (s > bestScore) {
        second = bestScore;
        bestScore = s;
        best = names.get(c);
      } else if (s > second) {
        second = s;
      }
    }
    return best != null && bestScore >= minSimilarity && bestScore - second >= MIN_MARGIN
        ? new Match(best, bestScore) : null;
  }

  /** Scores of every class, for explanations and tests. */
  public double score(float[] embedding, String task) {
    int i = names.indexOf(task);
    return i < 0 ? Double.NaN : score(embedding, examples.get(i));
  }

  private static double score(float[] e, float[][] ex) {
    double first = Double.NEGATIVE_INFINITY;
    double second = Double.NEGATIVE_INFINITY;
    for (float[] x : ex) {
      double s = 0;
      for (int i = 0; i < e.length; i++) {
        s += e[i] * x[i];
      }
      if (s > first) {
        second = first;
        first = s;
      } else if (s > second) {
        second = s;
      }
    }
    return second == Double.NEGATIVE_INFINITY ? first : (first + second) / 2;
  }

  public record Match(String task, double similarity) {}
}
