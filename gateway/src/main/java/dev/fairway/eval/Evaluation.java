package dev.fairway.eval;

import dev.fairway.routing.Objective;
import dev.fairway.routing.RoutingSettings;
import dev.fairway.routing.embed.Embedder;
import dev.fairway.routing.quality.QualityModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Replays every router on outcome data and measures it against the single models, the oracle, the
 * zero router and the TF-IDF baseline: either trained on one file and tested on another, or
 * cross-validated on one (each fold's router trained on the other folds only, predictions pooled).
 * The first router in the report is the one {@code model: "auto"} uses: the head the trainer's
 * own cross-validation chose, with the utility objective.
 */
public final class Evaluation {
  private final Function<String, Embedder> embedders;
  private final EmbeddingCache cache;
  private final Trainer.Options options;
  private final int window;
  private final Progress progress;

  public Evaluation(Function<String, Embedder> embedders, EmbeddingCache cache, Trainer.Options options, int window,
      Progress progress) {
    this.embedders = embedders;
    this.cache = cache;
    this.options = options;
    this.window = window;
    this.progress = progress;
  }

  /**
   * A router as the report lists it.
   *
   * @param defaultPoint {@code [cost per 1k, quality]} at the gateway's default setting of the knob
   *     (utility with {@link RoutingSettings#DEFAULT_LAMBDA}), for {@code fairway-auto}; else null
   */
  public record RouterResult(String name, String predictor, String objective, Curve curve, Singles.Figures figures,
      double[] defaultPoint) {}

  /** What one run found. {@code selections} are the trainer's choices (one per outer fold for CV). */
  public record Report(String mode, int trainPrompts, int testPrompts, List<String> models, Singles singles,
      Singles.Figures zeroRouter, List<RouterResult> routers, List<Trainer.Selection> selections,
      List<Stickiness.Figures> stickiness) {}

  /** Session lengths and cached-prefix price shares the sticky replay is run at. */
  static final int[] STICKY_TURNS = {4, 8};
  static final double[] CACHED_FRACTIONS = {0.1, 0.5};

  /** Train on {@code train}, test on {@code test}. {@code embedderNames}: the first is the default. */
  public Report split(OutcomeData train, OutcomeData test, List<String> embedderNames) {
    OutcomeData t = test.alignedTo(train.models());
    Map<String, float[][]> trE = new LinkedHashMap<>();
    Map<String, float[][]> teE = new LinkedHashMap<>();
    for (String e : embedderNames) {
      Embedder emb = embedders.apply(e);
      trE.put(e, cache.embed(train.prompts(), emb, window, progress));
      teE.put(e, cache.embed(t.prompts(), emb, window, progress));
    }
    FoldResult r = fold(train, t, trE, teE, embedderNames);
    return report("split", train.size(), t.size(), t, r.quality, r.cost, train.meanScores(), List.of(r.selection));
  }

  /** {@code k}-fold cross-validation on {@code data}. */
  public Report crossValidate(OutcomeData data, int k, List<String> embedderNames) {
    Map<String, float[][]> all = new LinkedHashMap<>();
    for (String e : embedderNames) {
      all.put(e, cache.embed(data.prompts(), embedders.apply(e), window, progress));
    }
    Folds folds = Folds.of(data.size(), k, options.seed() + 1000);
    Map<String, double[][]> pooled = new LinkedHashMap<>();
    double[][] cost = new double[data.size()][];
    List<Trainer.Selection> selections = new ArrayList<>();
    for (int f = 0; f < folds.count(); f++) {
      progress.note("fold " + (f + 1) + "/" + folds.count());
      int[] tr = folds.train(f, data.size());
      int[] te = folds.test()[f];
      Map<String, float[][]> trE = new LinkedHashMap<>();
      Map<String, float[][]> teE = new LinkedHashMap<>();
      all.forEach((name, e) -> {
        trE.put(name, Trainer.rows(e, tr));
        teE.put(name, Trainer.rows(e, te));
      });
      FoldResult r = fold(data.subset(tr), data.subset(te), trE, teE, embedderNames);
      selections.add(r.selection);
      r.quality.forEach((name, q) -> {
        double[][] p = pooled.computeIfAbsent(name, x -> new double[data.size()][]);
        for (int i = 0; i < te.length; i++) {
          p[te[i]] = q[i];
        }
      });
      for (int i = 0; i < te.length; i++) {
        cost[te[i]] = r.cost[i];
      }
    }
    return report("cv" + k, data.size(), data.size(), data, pooled, cost, data.meanScores(), selections);
  }

  private record FoldResult(Map<String, double[][]> quality, double[][] cost, Trainer.Selection selection) {}

  /** Router name → predicted quality on {@code test}; the entry order is the report order. */
  private FoldResult fold(OutcomeData train, OutcomeData test, Map<String, float[][]> trE, Map<String, float[][]> teE,
      List<String> embedderNames) {
    Map<String, double[][]> q = new LinkedHashMap<>();
    Trainer.Selection defaultSelection = null;
    double[][] baseline = null;
    List<String> texts = Trainer.lexicalTexts(test);
    for (int e = 0; e < embedderNames.size(); e++) {
      String name = embedderNames.get(e);
      Embedder emb = embedders.apply(name);
      Trainer.Trained trained = Trainer.train(train, trE.get(name), emb.id(), window, options, progress);
      QualityModel model = trained.model();
      double[][] knn = Trainer.predictAll(model.knn(), model.projection(), teE.get(name), train.modelCount());
      double[][] lr = Trainer.predictAll(model.logistic(), model.projection(), teE.get(name), train.modelCount());
      double[][] lex = new double[test.size()][];
      double[][] hybrid = new double[test.size()][];
      for (int i = 0; i < test.size(); i++) {
        lex[i] = new double[train.modelCount()];
        model.lexical().predict(texts.get(i), model.lexicalK(), lex[i]);
        hybrid[i] = knn[i].clone();
        QualityModel.mean(hybrid[i], lex[i]);
      }
      String suffix = e == 0 ? "" : "@" + name;
      if (e == 0) {
        defaultSelection = trained.selection();
        q.put(AUTO, switch (model.chosen()) {
          case "hybrid" -> hybrid;
          case "logistic" -> lr;
          default -> knn;
        });
        baseline = lex; // the lexical head alone is the TF-IDF baseline, its k cross-validated alike
      }
      q.put("fairway-hybrid" + suffix, hybrid);
      q.put("fairway-knn" + suffix, knn);
      q.put("fairway-logistic" + suffix, lr);
    }
    q.put(TFIDF, baseline);
    q.put(TASK_LABEL, taskLabelMeans(train, test));
    return new FoldResult(q, CostModel.fit(train).predict(test), defaultSelection);
  }

  static final String AUTO = "fairway-auto";
  static final String TFIDF = "baseline-tfidf-knn";
  /**
   * Not a router: it reads each test prompt's task label, which no router may, and predicts each
   * model's mean score on that task in the training data. It shows how far routing gets by
   * recognising the benchmark alone, so a router's figures can be read against it.
   */
  static final String TASK_LABEL = "reference-task-label";

  /** Per test prompt, each model's mean training score on the prompt's task (its overall mean if unseen). */
  static double[][] taskLabelMeans(OutcomeData train, OutcomeData test) {
    Map<String, List<Integer>> rowsByTask = new LinkedHashMap<>();
    for (int i = 0; i < train.size(); i++) {
      rowsByTask.computeIfAbsent(train.tasks().get(i), t -> new ArrayList<>()).add(i);
    }
    Map<String, double[]> byTask = new LinkedHashMap<>();
    rowsByTask.forEach((task, rows) ->
        byTask.put(task, train.subset(rows.stream().mapToInt(Integer::intValue).toArray()).meanScores()));
    double[] overall = train.meanScores();
    double[][] out = new double[test.size()][];
    for (int i = 0; i < test.size(); i++) {
      double[] t = byTask.get(test.tasks().get(i));
      out[i] = new double[overall.length];
      for (int j = 0; j < overall.length; j++) {
        out[i][j] = t == null || Double.isNaN(t[j]) ? overall[j] : t[j];
      }
    }
    return out;
  }

  /** e.g. {@code hybrid x4, knn x1}: which head each fold's trainer chose. */
  private static String chosenCounts(List<Trainer.Selection> selections) {
    Map<String, Integer> n = new java.util.TreeMap<>();
    selections.forEach(s -> n.merge(s.chosen(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    n.forEach((k, v) -> parts.add(k + " x" + v));
    return String.join(", ", parts);
  }

  private Report report(String mode, int trainN, int testN, OutcomeData truth, Map<String, double[][]> quality,
      double[][] cost, double[] fallback, List<Trainer.Selection> selections) {
    Singles singles = Singles.of(truth);
    List<RouterResult> routers = new ArrayList<>();
    Trainer.Selection sel0 = selections.get(0);
    for (Map.Entry<String, double[][]> e : quality.entrySet()) {
      String name = e.getKey();
      String knnName = "knn(k=" + sel0.k() + ")";
      String lrName = "logistic(l2=" + sel0.l2() + ")";
      String hyName = "hybrid(knn k=" + sel0.k() + " + lexical k=" + sel0.lexicalK() + ")";
      String predictor = switch (name) {
        case AUTO -> selections.size() > 1 ? "per fold: " + chosenCounts(selections) : switch (sel0.chosen()) {
          case "hybrid" -> hyName;
          case "logistic" -> lrName;
          default -> knnName;
        };
        case TFIDF -> "hashed TF-IDF kNN (k=" + sel0.lexicalK() + ")";
        case TASK_LABEL -> "per-task mean scores; reads the task label (a reference, not a router)";
        case "fairway-knn" -> knnName;
        case "fairway-logistic" -> lrName;
        case "fairway-hybrid" -> hyName;
        default -> name.replace("fairway-", "");
      };
      Curve u = Replay.sweep(e.getValue(), cost, fallback, truth, Replay.utilityKnob());
      double[] at = name.equals(AUTO) ? Replay.sweep(e.getValue(), cost, fallback, truth,
          List.of(new Objective.Utility(RoutingSettings.DEFAULT_LAMBDA, 0))).points().get(0) : null;
      routers.add(new RouterResult(name, predictor, "utility (lambda swept)", u, singles.figures(u), at));
      if (name.equals("fairway-hybrid") || name.equals("fairway-knn")) {
        Curve t = Replay.sweep(e.getValue(), cost, fallback, truth, Replay.thresholdKnob());
        routers.add(new RouterResult(name + "-threshold", predictor, "threshold (delta swept)", t, singles.figures(t),
            null));
      }
    }
    List<Stickiness.Figures> sticky = new ArrayList<>();
    Objective def = new Objective.Utility(RoutingSettings.DEFAULT_LAMBDA, 0);
    for (int turns : STICKY_TURNS) {
      for (double f : CACHED_FRACTIONS) {
        sticky.add(Stickiness.replay(quality.get(AUTO), cost, fallback, truth, def, turns, f));
      }
    }
    return new Report(mode, trainN, testN, truth.models(), singles, singles.figures(singles.zeroRouter()),
        routers, selections, sticky);
  }
}
