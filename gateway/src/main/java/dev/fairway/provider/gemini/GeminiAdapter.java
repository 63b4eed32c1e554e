package dev.fairway.provider.gemini;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.EmbeddingResponse;
import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.EmbeddingProvider;
import dev.fairway.provider.EventSource;
import dev.fairway.provider.Json;
import dev.fairway.provider.ProviderAdapter;
import dev.fairway.provider.SseBodyDecoder;
import dev.fairway.provider.UpstreamHttp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * The Gemini API (Google AI Studio keys): {@code POST {base}/v1beta/models/{model}:generateContent}
 * and {@code :streamGenerateContent?alt=sse}. The key travels in the {@code x-goog-api-key} header,
 * never in the query string, where proxies and access logs would keep it. {@code api_version} in
 * the provider's config selects another API version (v1, v1alpha).
 */
public final class GeminiAdapter implements ProviderAdapter, EmbeddingProvider {
  private static final int MAX_EVENT_BYTES = 16 * 1024 * 1024; // a chunk may hold a whole function call

  private final ProviderConfig config;
  private final UpstreamHttp http;
  private final Clock clock;
  private final String modelsUrl;
  private final MultiMap baseHeaders;

  public GeminiAdapter(ProviderConfig config, UpstreamHttp http) {
    this(config, http, http == null ? java.time.Clock.systemUTC() : http.clock());
  }

  GeminiAdapter(ProviderConfig config, UpstreamHttp http, Clock clock) {
    this.config = config;
    this.http = http;
    this.clock = clock;
    this.modelsUrl = modelsUrl(config);
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    h.set("content-type", "application/json");
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      h.set("x-goog-api-key", config.apiKey().value());
    }
    config.headers().forEach(h::set);
    this.baseHeaders = h;
  }

  /** {@code {base}/{version}/models/}; a base URL that already ends with a version keeps it. */
  static String modelsUrl(ProviderConfig config) {
    String base = config.baseUrl().toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (base.matches(".*/v1(alpha|beta)?\\d*$")) {
      return base + "/models/";
    }
    String version = config.apiVersion() == null || config.apiVersion().isBlank() ? "v1beta" : config.apiVersion();
    return base + "/" + version + "/models/";
  }

  String url(Deployment d, boolean stream) {
    return modelsUrl + URLEncoder.encode(model(d), StandardCharsets.UTF_8)
        + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }

  /** The model's name at Google, accepting the "models/..." resource form too. */
  private static String model(Deployment d) {
    String m = d.upstreamModel();
    return m.startsWith("models/") ? m.substring("models/".length()) : m;
  }

  private Buffer body(ChatRequest request, Deployment d) {
    GeminiWire.GenerateContentRequest wire = GeminiRequests.toWire(request, model(d), config.id());
    try {
      return Buffer.buffer(Json.CAMEL.writeValueAsBytes(wire));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MultiMap headers(boolean stream) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(baseHeaders);
    h.set("accept", stream ? "text/event-stream" : "application/json");
    return h;
  }

  private static boolean singleToolCall(ChatRequest r) {
    return Boolean.FALSE.equals(r.parallelToolCalls()) && !r.tools().isEmpty();
  }

  @Override
  public Future<ChatResponse> complete(ChatRequest request, Deployment d, CallControl control) {
    Buffer body;
    try {
      body = body(request, d);
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    boolean single = singleToolCall(request);
    return http.exchange(HttpMethod.POST, url(d, false), headers(false), body, control,
        b -> GeminiResponses.toCanonical(read(b), config.id(), clock.instant().getEpochSecond(), single),
        this::error);
  }

  @Override
  public Future<EventSource> stream(ChatRequest request, Deployment d, CallControl control) {
    Buffer body;
    try {
      body = body(request, d);
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    GeminiStreams.Decoder decoder = new GeminiStreams.Decoder(config.id(), clock.instant().getEpochSecond(),
        singleToolCall(request));
    return http.send(HttpMethod.POST, url(d, true), headers(true), body, control)
        .compose(resp -> http.events(resp, control, this::error, r -> new SseDecoder(decoder, config.id())));
  }

  /**
   * Embeddings: {@code embedContent} for one text, {@code batchEmbedContents} for several. Gemini
   * reports no usage for them, so the input tokens are Fairway's own o200k count of the texts.
   */
  @Override
  public Future<EmbeddingResponse> embed(EmbeddingRequest request, Deployment d, CallControl control) {
    String model = model(d);
    List<String> texts;
    Buffer body;
    try {
      GeminiEmbeddings.check(request, "Provider '" + config.id() + "' (Gemini model " + model + ")");
      texts = request.texts();
      body = Buffer.buffer(Json.CAMEL.writeValueAsBytes(texts.size() == 1
          ? GeminiEmbeddings.one(model, texts.get(0), request.dimensions())
          : GeminiEmbeddings.batch(model, texts, request.dimensions())));
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String url = modelsUrl + URLEncoder.encode(model, StandardCharsets.UTF_8)
        + (texts.size() == 1 ? ":embedContent" : ":batchEmbedContents");
    return http.exchange(HttpMethod.POST, url, headers(false), body, control, b -> {
      try {
        return new EmbeddingResponse(model, GeminiEmbeddings.vectors(Json.CAMEL.readTree(b.getBytes()), texts.size(),
            config.id()), dev.fairway.metering.PromptTokens.ofTexts(texts));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, this::error);
  }

  private GatewayError error(HttpClientResponse resp, Buffer body) {
    return GeminiErrors.fromUpstream(resp.statusCode(), body.getBytes(), http.retryAfter(resp), config.id());
  }

  private static GeminiWire.GenerateContentResponse read(Buffer b) {
    try {
      return Json.CAMEL.readValue(b.getBytes(), GeminiWire.GenerateContentResponse.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Gemini's SSE: {@code data: <GenerateContentResponse>} events, no terminator. */
  static final class SseDecoder extends SseBodyDecoder {
    private final GeminiStreams.Decoder decoder;

    SseDecoder(GeminiStreams.Decoder decoder, String provider) {
      super(provider);
      this.decoder = decoder;
    }

    @Override
    protected void onEvent(String type, String data, List<StreamEvent> out) {
      GeminiWire.GenerateContentResponse chunk;
      try {
        chunk = Json.CAMEL.readValue(data, GeminiWire.GenerateContentResponse.class);
      } catch (IOException e) {
        throw malformed("stream chunk");
      }
      out.addAll(decoder.decode(chunk));
    }

    @Override
    public GatewayError atEnd() {
      return decoder.finished() && !hasPartialEvent() ? null : truncated();
    }
  }
}
