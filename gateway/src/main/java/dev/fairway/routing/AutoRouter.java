package dev.fairway.routing;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.routing.embed.RoutingText;
import dev.fairway.routing.quality.QualityModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The router behind {@code model: "auto"} and named routers: a pure function of the request, the
 * router's spec, the prompt's embedding and a live-statistics snapshot. The embedding's part
 * ({@link #signals}: predicted quality, task class) runs where the embedding is computed, off the
 * event loop; {@link #route} then filters and orders in microseconds.
 *
 * <ol>
 *   <li>Task class: the embedding classifier may switch to the class's candidates or objective.
 *   <li>Hard filters, each with its reason: tenant allow-list, tools/vision/JSON support, context
 *       window against a BPE token count, region, then the price limit on the predicted cost.
 *   <li>Merit of each survivor: predicted quality (trained model where it has data, else the
 *       configured prior), predicted cost (tokens × list prices), expected TTFT (live EWMA).
 *   <li>The objective orders the owner-blind {@link Merit} view; candidates over the latency SLO
 *       move to the end, kept as a last resort rather than dropped.
 * </ol>
 */
public final class AutoRouter {
  /** Quality assumed for a model with neither outcome data nor a configured prior. */
  public static final double UNKNOWN_PRIOR = 0.5;

  private final Catalog catalog;
  private final RoutingSettings settings;
  private final QualityModel model;
  private final Map<String, TaskClassifier> classifiers;
  private final PromptSize tokens;
  private final Map<String, Integer> column = new HashMap<>();
  private final Map<String, double[]> perToken = new HashMap<>(); // model -> {input, output} $/token
  private final HousePolicy policy;

  /** The prompt's token count, exact at least whenever it exceeds {@code room} tokens. */
  @FunctionalInterface
  public interface PromptSize {
    long tokens(ChatRequest r, long room);
  }

  /**
   * @param model the trained router model, or null to route on priors
   * @param classifiers task classifiers by router name ({@code auto} or a named router)
   * @param tokens the request's input token count (BPE where a window is at stake: {@code PromptTokens::forRouting})
   */
  public AutoRouter(Catalog catalog, RoutingSettings settings, QualityModel model,
      Map<String, TaskClassifier> classifiers, PromptSize tokens) {
    this(catalog, settings, model, classifiers, tokens, HousePolicy.NONE);
  }

  /** @param policy a disclosed house policy ({@link HousePolicy#NONE} for merit only) */
  public AutoRouter(Catalog catalog, RoutingSettings settings, QualityModel model,
      Map<String, TaskClassifier> classifiers, PromptSize tokens, HousePolicy policy) {
    this.policy = policy == null ? HousePolicy.NONE : policy;
    this.catalog = catalog;
    this.settings = settings;
    this.model = model;
    this.classifiers = Map.copyOf(classifiers);
    this.tokens = tokens;
    for (Model m : catalog.allModels()) {
      perToken.put(m.id(), new double[] {m.prices().input().doubleValue() / 1e6, m.prices().output().doubleValue() / 1e6});
    }
    if (model != null) {
      Map<String, Integer> cols = model.columns();
      Map<String, String> toCatalog = new HashMap<>();
      for (String dataId : model.models()) {
        toCatalog.put(settings.modelMap().getOrDefault(dataId, dataId), dataId);
      }
      for (Model m : catalog.allModels()) {
        String dataId = toCatalog.get(m.id());
        if (dataId != null) {
          column.put(m.id(), cols.get(dataId));
        }
      }
    }
  }

  public QualityModel model() {
    return model;
  }

  public RoutingSettings settings() {
    return settings;
  }

  /**
   * What {@code spec} needs from a prompt's embedding: predicted quality and task class. The
   * expensive half of a decision (a kNN scan, the task similarities), run off the event loop.
   *
   * @param embedding the routing window's embedding, or null (no embedder, or it was saturated)
   * @param text the prompt's text for lexical prediction ({@code RoutingText.LEXICAL_WINDOW}), or null
   */
  public PromptSignals signals(RouterSpec spec, float[] embedding, String text) {
    if (embedding == null) {
      return PromptSignals.NONE;
    }
    TaskClassifier classifier = classifiers.get(spec.name());
    TaskClassifier.Match match = classifier != null && !spec.tasks().isEmpty() ? classifier.classify(embedding) : null;
    return new PromptSignals(predictions(embedding, text), match);
  }

  /** True when {@link #signals} would use the embedding for this router. */
  public boolean usesEmbedding(RouterSpec spec) {
    return model != null && !column.isEmpty() || classifiers.containsKey(spec.name()) && !spec.tasks().isEmpty();
  }

  /** {@link #route(ChatRequest, RouterSpec, PromptSignals, StatsSnapshot, Set, String)} from a raw embedding. */
  public RouteDecision route(ChatRequest req, RouterSpec spec, float[] embedding, StatsSnapshot stats,
      Set<String> allowed, String note) {
    String text = RoutingText.of(req, RoutingText.LEXICAL_WINDOW);
    return route(req, spec, signals(spec, embedding, text), stats, allowed, note, null);
  }

  public RouteDecision route(ChatRequest req, RouterSpec spec, PromptSignals signals, StatsSnapshot stats,
      Set<String> allowed, String note) {
    return route(req, spec, signals, stats, allowed, note, null);
  }

  /**
   * Decides the route.
   *
   * @param signals what the prompt's embedding told ({@link PromptSignals#NONE} without one)
   * @param allowed the tenant's model allow-list, or null for no restriction
   * @param note a remark for the explanation (why there is no embedding), or null
   * @param sticky the model this conversation was routed to before, kept first if it still passes
   *     the filters; or null
   * @throws GatewayError invalid_request when no candidate survives the filters
   */
  public RouteDecision route(ChatRequest req, RouterSpec spec, PromptSignals signals, StatsSnapshot stats,
      Set<String> allowed, String note, String sticky) {
    List<String> ids = spec.candidates().isEmpty() ? allIds() : spec.candidates();
    Objective objective = spec.objective();
    String task = null;
    double taskSimilarity = Double.NaN;
    if (!spec.tasks().isEmpty() && signals.task() != null) {
      task = signals.task().task();
      taskSimilarity = signals.task().similarity();
      RouterSpec.TaskRule rule = rule(spec, task);
      if (rule != null) {
        if (!rule.candidates().isEmpty()) {
          ids = rule.candidates();
          objective = rule.objective() != null ? rule.objective() : new Objective.Declared();
        } else if (rule.objective() != null) {
          objective = rule.objective();
        }
      }
    }

    double[] predicted = signals.quality();
    long inTokens = tokens.tokens(req, room(ids, req));
    long outTokens = req.maxTokens() != null ? Math.min(req.maxTokens(), settings.expectedOutputTokens())
        : settings.expectedOutputTokens();

    List<Model> kept = new ArrayList<>(ids.size());
    List<Merit> view = new ArrayList<>(ids.size());
    List<RouteInputs.Candidate> inputs = new ArrayList<>(ids.size());
    List<Explanation.Row> dropped = new ArrayList<>();
    List<String> droppedText = new ArrayList<>();
    for (String id : ids) {
      Model m = catalog.models().get(id);
      if (m == null) {
        continue; // a configured candidate whose provider has no credentials here
      }
      Integer col = column.get(id);
      double q = col != null && predicted != null ? predicted[col] : Double.NaN;
      boolean fromData = !Double.isNaN(q);
      if (!fromData) {
        q = prior(m, col);
      }
      double[] price = perToken.get(id);
      double cost = inTokens * price[0] + outTokens * price[1];
      double ttft = stats.ttftMs(id);
      String why = reject(req, spec, m, inTokens, cost, allowed);
      if (why != null) {
        dropped.add(new Explanation.Row(id, 0, why, q, fromData ? "data" : "prior", cost, ttft));
        droppedText.add(id + ": " + why);
        continue;
      }
      kept.add(m);
      Merit merit = new Merit(q, cost, ttft, m.capabilities(), fromData);
      view.add(merit);
      inputs.add(new RouteInputs.Candidate(id, m.owner(), merit));
    }
    if (kept.isEmpty()) {
      throw GatewayError.invalid("No candidate of router `" + spec.name() + "` can serve this request"
          + (droppedText.isEmpty() ? " (none of its models is served here)." : ": " + String.join("; ", droppedText) + "."),
          "model", Reason.NO_CANDIDATE);
    }

    String keep = sticky != null && kept.stream().anyMatch(m -> m.id().equals(sticky)) ? sticky : null;
    RouteInputs in = new RouteInputs(objective, spec.maxTtftMs(), inputs, policy, keep);
    int[] order = RouteOrder.order(in);
    boolean policyChanged = policy.enabled() && order[0] != RouteOrder.meritOnly(in)[0];
    List<RouteCandidate> candidates = new ArrayList<>(order.length);
    List<Explanation.Row> rows = new ArrayList<>(order.length + dropped.size());
    for (int rank = 0; rank < order.length; rank++) {
      int i = order[rank];
      Merit mt = view.get(i);
      String reason = keep != null && rank == 0 ? "sticky: this conversation's model"
          : reason(rank, mt, spec.maxTtftMs(), objective);
      if (rank == 0 && policyChanged) {
        reason += "; changed by " + policy.describe();
      }
      candidates.add(new RouteCandidate(kept.get(i), reason));
      rows.add(new Explanation.Row(kept.get(i).id(), rank + 1, reason, mt.quality(), mt.fromData() ? "data" : "prior",
          mt.costUsd(), mt.ttftMs()));
    }
    rows.addAll(dropped);
    Explanation ex = new Explanation(spec.name(), objective.describe(), task, taskSimilarity, rows, note,
        policy.enabled() ? policy.describe() : null, policyChanged, keep != null);
    return new RouteDecision(spec.name(), candidates, droppedText, ex, in, policyChanged);
  }

  /** Every chat model served (embedding models answer no chat). */
  private List<String> allIds() {
    List<String> ids = new ArrayList<>(catalog.models().size());
    catalog.models().forEach((id, m) -> {
      if (m.capabilities().chat()) {
        ids.add(id);
      }
    });
    return ids;
  }

  private static RouterSpec.TaskRule rule(RouterSpec spec, String task) {
    for (RouterSpec.TaskRule r : spec.tasks()) {
      if (r.name().equals(task)) {
        return r;
      }
    }
    return null;
  }

  private double[] predictions(float[] embedding, String text) {
    if (model == null || embedding == null || column.isEmpty()) {
      return null;
    }
    return model.predict(embedding, text);
  }

  private double prior(Model m, Integer col) {
    if (m.qualityPrior() != null) {
      return m.qualityPrior();
    }
    if (col != null && !Double.isNaN(model.meanQuality()[col])) {
      return model.meanQuality()[col];
    }
    return UNKNOWN_PRIOR;
  }

  /** Tokens the prompt may have before some candidate's context window is at stake. */
  private long room(List<String> ids, ChatRequest req) {
    long min = Long.MAX_VALUE;
    for (String id : ids) {
      Model m = catalog.models().get(id);
      if (m != null && m.contextWindow() > 0) {
        min = Math.min(min, m.contextWindow());
      }
    }
    return min == Long.MAX_VALUE ? Long.MAX_VALUE : min - (req.maxTokens() == null ? 0 : req.maxTokens());
  }

  /** Why a model cannot take this request under this router, or null. */
  String reject(ChatRequest req, RouterSpec spec, Model m, long inTokens, double cost, Set<String> allowed) {
    if (allowed != null && !allowed.contains(m.id())) {
      return "not in the key's allowed models";
    }
    String missing = Requirements.missing(req, m);
    if (missing != null) {
      return missing;
    }
    long need = inTokens + (req.maxTokens() == null ? 0 : req.maxTokens());
    if (m.contextWindow() > 0 && need > m.contextWindow()) {
      return String.format(Locale.ROOT, "prompt of ~%d tokens%s exceeds its %d-token window", inTokens,
          req.maxTokens() == null ? "" : " + " + req.maxTokens() + " to generate", m.contextWindow());
    }
    if (!spec.regions().isEmpty() && !inRegion(m, spec.regions())) {
      return "no deployment in " + String.join(", ", new java.util.TreeSet<>(spec.regions()));
    }
    if (spec.maxCostUsd() > 0 && cost > spec.maxCostUsd()) {
      return "predicted cost $" + Explanation.usd(cost) + " over the $" + Explanation.usd(spec.maxCostUsd()) + " limit";
    }
    return null;
  }

  private boolean inRegion(Model m, Set<String> regions) {
    for (Deployment d : m.deployments()) {
      ProviderConfig p = catalog.providers().get(d.provider());
      if (p != null && p.region() != null && regions.contains(p.region())) {
        return true;
      }
    }
    return false;
  }

  private static String reason(int rank, Merit m, double maxTtftMs, Objective objective) {
    if (maxTtftMs > 0 && RouteOrder.slow(m, maxTtftMs)) {
      return String.format(Locale.ROOT, "over the %.0f ms TTFT SLO: last resort", maxTtftMs);
    }
    if (rank == 0) {
      return "chosen by " + objective.describe();
    }
    return "fallback " + rank;
  }
}
