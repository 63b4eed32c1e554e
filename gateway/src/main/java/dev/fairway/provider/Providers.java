package dev.fairway.provider;

import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.provider.anthropic.AnthropicAdapter;
import dev.fairway.provider.bedrock.BedrockAdapter;
import dev.fairway.provider.gemini.GeminiAdapter;
import dev.fairway.provider.openai.OpenAiAdapter;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/** The adapter (and its HTTP client pool) of every provider in the catalog, built once at start. */
public final class Providers implements AutoCloseable {
  private final Map<String, ProviderAdapter> adapters;
  private final Map<String, EmbeddingProvider> embedders;
  private final Map<String, UpstreamHttp> clients;

  private Providers(Map<String, ProviderAdapter> adapters, Map<String, EmbeddingProvider> embedders,
      Map<String, UpstreamHttp> clients) {
    this.adapters = adapters;
    this.embedders = embedders;
    this.clients = clients;
  }

  /** @param eventLoops the gateway's event loops; each gets its own connection pool per provider */
  public static Providers create(Vertx vertx, Catalog catalog, int eventLoops) {
    return create(vertx, catalog, eventLoops, java.time.Clock.systemUTC());
  }

  /** @param clock the wall clock the adapters read (Retry-After dates, signing times, answer timestamps) */
  public static Providers create(Vertx vertx, Catalog catalog, int eventLoops, java.time.Clock clock) {
    Map<String, ProviderAdapter> adapters = new HashMap<>();
    Map<String, EmbeddingProvider> embedders = new HashMap<>();
    Map<String, UpstreamHttp> clients = new HashMap<>();
    // One redactor knows every credential of the catalog; every adapter's failures pass through it.
    Redactor redactor = Redactor.forCatalog(catalog);
    for (ProviderConfig p : catalog.providers().values()) {
      UpstreamHttp http = new UpstreamHttp(vertx, p, eventLoops, clock);
      clients.put(p.id(), http);
      ProviderAdapter a = adapterFor(p, http, vertx);
      adapters.put(p.id(), RedactingAdapter.wrap(a, redactor));
      if (a instanceof EmbeddingProvider e) {
        embedders.put(p.id(), (req, d, control) -> e.embed(req, d, control)
            .recover(t -> io.vertx.core.Future.failedFuture(t instanceof dev.fairway.api.GatewayError g
                ? redactor.redact(g) : t)));
      }
    }
    return new Providers(Map.copyOf(adapters), Map.copyOf(embedders), Map.copyOf(clients));
  }

  private static ProviderAdapter adapterFor(ProviderConfig p, UpstreamHttp http, Vertx vertx) {
    return switch (p.protocol()) {
      case OPENAI, AZURE_OPENAI -> new OpenAiAdapter(p, http);
      case ANTHROPIC -> new AnthropicAdapter(p, http);
      case GEMINI -> new GeminiAdapter(p, http);
      case BEDROCK -> new BedrockAdapter(p, http, vertx);
    };
  }

  public ProviderAdapter adapter(String providerId) {
    ProviderAdapter a = adapters.get(providerId);
    if (a == null) {
      throw new IllegalArgumentException("no adapter for provider " + providerId);
    }
    return a;
  }

  /** The provider's embedding ability, or empty when its protocol has none (Anthropic). */
  public java.util.Optional<EmbeddingProvider> embeddings(String providerId) {
    adapter(providerId); // an unknown provider is a programming error, as for adapter()
    return java.util.Optional.ofNullable(embedders.get(providerId));
  }

  @Override
  public void close() {
    clients.values().forEach(UpstreamHttp::close);
  }
}
