package dev.fairway.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.catalog.Catalog;
import dev.fairway.routing.embed.EmbeddingService;
import dev.fairway.routing.embed.Embedders;
import dev.fairway.routing.embed.RoutingText;
import dev.fairway.routing.quality.ModelFile;
import dev.fairway.routing.quality.QualityModel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Routing as the pipeline sees it: a concrete model name goes to {@link ExplicitRouter}; a router
 * name ({@code auto}, {@code auto:cost}, a named router) has its prompt embedded off the event
 * loop, then {@link AutoRouter} decides on the request's event loop. Built once at start-up: the
 * router model file and the embedder are loaded here, and task examples embedded.
 */
public final class Routing implements AutoCloseable {
  private final Catalog catalog;
  private final RoutingSettings settings;
  private final AutoRouter router;
  private final EmbeddingService embeddings; // null: routing on priors only
  private final int windowChars;
  private final Supplier<StatsSnapshot> stats;
  private final Conversations conversations;
  /** Per router and routing text: what the embedding told, so a repeated prompt skips the worker. */
  private final Cache<String, PromptSignals> signals = Caffeine.newBuilder().maximumSize(10_000).build();

  private Routing(Catalog catalog, RoutingSettings settings, AutoRouter router, EmbeddingService embeddings,
      int windowChars, Supplier<StatsSnapshot> stats, StickySessions sticky) {
    this.conversations = new Conversations(sticky);
    this.catalog = catalog;
    this.settings = settings;
    this.router = router;
    this.embeddings = embeddings;
    this.windowChars = windowChars;
    this.stats = stats;
  }

  /** Explicit routing only: what tests and tools get when they build a pipeline by hand. */
  public static Routing explicitOnly(Catalog catalog) {
    RoutingSettings s = RoutingSettings.defaults();
    return new Routing(catalog, s, null, null, s.windowChars(), () -> StatsSnapshot.EMPTY, StickySessions.OFF);
  }

  /**
   * Loads what the settings name.
   *
   * @throws IllegalArgumentException when the model file cannot be read or does not fit the settings
   */
  public static Routing create(Catalog catalog, RoutingSettings settings, Supplier<StatsSnapshot> stats,
      AutoRouter.PromptSize tokens) {
    return create(catalog, settings, stats, tokens, HousePolicy.NONE, StickySessions.OFF);
  }

  /**
   * Loads what the settings name, with a disclosed house policy and sticky conversations.
   *
   * @throws IllegalArgumentException when the model file cannot be read or does not fit the settings
   */
  public static Routing create(Catalog catalog, RoutingSettings settings, Supplier<StatsSnapshot> stats,
      AutoRouter.PromptSize tokens, HousePolicy policy, StickySessions sticky) {
    QualityModel model = null;
    if (settings.modelFile() != null) {
      try {
        model = ModelFile.read(settings.modelFile());
      } catch (IOException e) {
        throw new IllegalArgumentException("routing.model_file: " + e.getMessage(), e);
      }
    }
    String embedderName = model != null ? model.embedder() : settings.embedder();
    int window = model != null ? model.windowChars() : settings.windowChars();
    EmbeddingService svc = null;
    Map<String, TaskClassifier> classifiers = new HashMap<>();
    if (embedderName != null && !"none".equals(embedderName)) {
      svc = EmbeddingService.standard(Embedders.get(embedderName));
      addClassifier(classifiers, settings.auto(), svc, settings.minTaskSimilarity());
      for (RouterSpec r : settings.routers().values()) {
        addClassifier(classifiers, r, svc, settings.minTaskSimilarity());
      }
    }
    AutoRouter router = new AutoRouter(catalog, settings, model, classifiers, tokens, policy);
    return new Routing(catalog, settings, router, svc, window, stats, sticky);
  }

  private static void addClassifier(Map<String, TaskClassifier> out, RouterSpec spec, EmbeddingService svc,
      double minSimilarity) {
    if (!spec.tasks().isEmpty()) {
      out.put(spec.name(), TaskClassifier.of(spec.tasks(), svc::embedNow, minSimilarity));
    }
  }

  public RoutingSettings settings() {
    return settings;
  }

  /** The names clients may use as {@code model} to ask for a router (for {@code /v1/models}). */
  public List<String> routerNames() {
    return router == null ? List.of() : settings.routerNames();
  }

  /**
   * Decides the request's route within what the tenant may use; completes on the caller's Vert.x
   * context. A router name has its prompt embedded off the event loop first (or its signals come
   * from the cache of recent prompts).
   */
  public Future<RouteDecision> route(ChatRequest req, Access access) {
    return route(req, access, null);
  }

  /** The router the name asks for, or null for a concrete model. */
  public RouterSpec routerFor(String model) {
    return router == null ? null : settings.router(model);
  }

  /**
   * Every model the request's route may try, in no particular order: a named model with its
   * request and configured fallbacks, or every candidate of the router (its task classes'
   * included). What a budget reservation prices (the dearest of them); never refuses.
   */
  public java.util.List<dev.fairway.catalog.Model> reachableModels(ChatRequest req) {
    RouterSpec spec = routerFor(req.model());
    java.util.Map<String, dev.fairway.catalog.Model> out = new java.util.LinkedHashMap<>();
    if (spec == null) {
      catalog.find(req.model()).ifPresent(m -> {
        out.put(m.id(), m);
        catalog.fallbacksOf(m.id()).forEach(id -> catalog.find(id).ifPresent(f -> out.put(f.id(), f)));
      });
      req.fallbackModels().forEach(n -> catalog.find(n).ifPresent(m -> out.put(m.id(), m)));
      return java.util.List.copyOf(out.values());
    }
    java.util.List<String> ids = new java.util.ArrayList<>(spec.candidates());
    spec.tasks().forEach(t -> ids.addAll(t.candidates()));
    if (spec.candidates().isEmpty()) {
      catalog.allModels().stream().filter(m -> m.capabilities().chat()).forEach(m -> out.put(m.id(), m));
    }
    ids.forEach(id -> catalog.find(id).ifPresent(m -> out.put(m.id(), m)));
    return java.util.List.copyOf(out.values());
  }

  /** The conversations sticky routing remembers. */
  public Conversations conversations() {
    return conversations;
  }

  /**
   * Like {@link #route(ChatRequest, Access)}, keeping the model a sticky conversation was routed to
   * before when it still passes the filters.
   *
   * @param conversation the conversation's key ({@link Conversations#key}), or null
   */
  public Future<RouteDecision> route(ChatRequest req, Access access, Conversations.Key conversation) {
    RouterSpec spec = router == null ? null : settings.router(req.model());
    if (spec == null) {
      return explicit(req, access);
    }
    if (!access.mayUseRouter(spec.name())) {
      return Future.failedFuture(ExplicitRouter.notAllowed(req.model(), "model"));
    }
    String sticky = conversations.modelFor(conversation);
    if (!needsEmbedding(spec)) {
      return decide(req, access, spec, PromptSignals.NONE, null, sticky);
    }
    String all = RoutingText.of(req, 0);
    String text = RoutingText.window(all, windowChars);
    String lexical = RoutingText.window(all, RoutingText.LEXICAL_WINDOW);
    // The window text, plus the lexical text's length and hash: a repeated prompt, not a look-alike.
    String key = spec.name() + '\u0000' + text + '\u0000' + lexical.length() + ':' + lexical.hashCode();
    PromptSignals hit = signals.getIfPresent(key);
    if (hit != null) {
      return decide(req, access, spec, hit, null, sticky);
    }
    Context vc = Vertx.currentContext();
    Promise<RouteDecision> p = Promise.promise();
    // The signals are computed where the embedding completes: on its worker thread.
    embeddings.embed(text).thenApply(v -> {
      if (v == null) {
        return null;
      }
      PromptSignals s = router.signals(spec, v, lexical);
      signals.put(key, s);
      return s;
    }).whenComplete((v, err) -> {
      Runnable finish = () -> {
        String note = err != null ? "embedding failed (" + err.getClass().getSimpleName() + "): routed on priors"
            : v == null ? "embedder saturated: routed on priors" : null;
        decide(req, access, spec, err != null || v == null ? PromptSignals.NONE : v, note, sticky).onComplete(p);
      };
      if (vc != null) {
        vc.runOnContext(x -> finish.run());
      } else {
        finish.run();
      }
    });
    return p.future();
  }

  /**
   * The route of a token count: a named model as usual (its provider may count), a router name
   * without routing (no model is chosen yet, so Fairway estimates).
   */
  public RouteDecision routeForCounting(ChatRequest req, Access access) {
    RouterSpec spec = router == null ? null : settings.router(req.model());
    if (spec == null) {
      return ExplicitRouter.route(req, catalog, access);
    }
    if (!access.mayUseRouter(spec.name())) {
      throw ExplicitRouter.notAllowed(req.model(), "model");
    }
    return new RouteDecision(spec.name(), List.of(), List.of());
  }

  /**
   * The route of an embedding request: the named embedding model, then its configured fallbacks
   * that embed too (vectors of different models are not interchangeable, so an operator lists
   * only fallbacks of the same family). Routers choose chat models only.
   */
  public RouteDecision routeEmbeddings(String model, Access access) {
    if (routerFor(model) != null) {
      throw GatewayError.invalid("`" + model + "` is a router: routers choose chat models. Name an embedding model"
          + " (e.g. text-embedding-3-small).", "model", Reason.UNSUPPORTED_VALUE);
    }
    dev.fairway.catalog.Model m = catalog.find(model).orElseThrow(() -> ExplicitRouter.notFound(model, "model"));
    if (!m.capabilities().embeddings()) {
      throw GatewayError.invalid("The model `" + m.id() + "` does not make embeddings: name an embedding model"
          + " (e.g. text-embedding-3-small).", "model", Reason.UNSUPPORTED_VALUE);
    }
    if (!access.mayUse(m, catalog)) {
      throw ExplicitRouter.notAllowed(model, "model");
    }
    List<RouteCandidate> order = new java.util.ArrayList<>();
    order.add(new RouteCandidate(m, "requested"));
    List<String> dropped = new java.util.ArrayList<>();
    for (String id : catalog.fallbacksOf(m.id())) {
      catalog.find(id).ifPresent(f -> {
        if (!f.capabilities().embeddings()) {
          dropped.add(f.id() + ": does not make embeddings");
        } else if (!access.mayUse(f, catalog)) {
          dropped.add(f.id() + ": not in the key's allowed models");
        } else {
          order.add(new RouteCandidate(f, "configured fallback"));
        }
      });
    }
    return new RouteDecision("explicit", order, dropped);
  }

  private Future<RouteDecision> explicit(ChatRequest req, Access access) {
    try {
      return Future.succeededFuture(ExplicitRouter.route(req, catalog, access));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Decides synchronously, embedding in the calling thread (for the CLI and benchmarks). */
  public RouteDecision routeNow(ChatRequest req) {
    RouterSpec spec = router == null ? null : settings.router(req.model());
    if (spec == null) {
      return ExplicitRouter.route(req, catalog);
    }
    float[] e = needsEmbedding(spec) ? embeddings.embedNow(RoutingText.of(req, windowChars)) : null;
    return router.route(req, spec, e, stats.get(), null, null);
  }

  private boolean needsEmbedding(RouterSpec spec) {
    return embeddings != null && router.usesEmbedding(spec);
  }

  private Future<RouteDecision> decide(ChatRequest req, Access access, RouterSpec spec, PromptSignals s, String note,
      String sticky) {
    try {
      return Future.succeededFuture(router.route(req, spec, s, stats.get(), access.routerModels(catalog), note, sticky));
    } catch (RuntimeException ex) {
      return Future.failedFuture(ex);
    }
  }

  @Override
  public void close() {
    if (embeddings != null) {
      embeddings.close();
    }
  }
}
