package dev.fairway.provider.openai;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.EmbeddingResponse;
import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Protocol;
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
import java.util.List;

/**
 * OpenAI Chat Completions and everything that speaks it: OpenAI, Azure OpenAI (api-key header,
 * deployment path, api-version), Ollama, vLLM, llama.cpp server, Groq, Together, Mistral.
 */
public final class OpenAiAdapter implements ProviderAdapter, EmbeddingProvider {
  private final ProviderConfig config;
  private final UpstreamHttp http;
  private final OpenAiRequests.Dialect dialect;
  private final MultiMap baseHeaders;

  public OpenAiAdapter(ProviderConfig config, UpstreamHttp http) {
    this.config = config;
    this.http = http;
    boolean official = config.protocol() == Protocol.AZURE_OPENAI
        || "api.openai.com".equalsIgnoreCase(config.baseUrl().getHost());
    this.dialect = official ? OpenAiRequests.Dialect.OPENAI : OpenAiRequests.Dialect.COMPATIBLE;
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    h.set("content-type", "application/json");
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      if (config.protocol() == Protocol.AZURE_OPENAI) {
        h.set("api-key", config.apiKey().value());
      } else {
        h.set("authorization", "Bearer " + config.apiKey().value());
      }
    }
    config.headers().forEach(h::set);
    this.baseHeaders = h;
  }

  /** The chat completions URL for a deployment; Azure puts the deployment in the path. */
  String url(Deployment d) {
    String base = config.baseUrl().toString();
    if (config.protocol() == Protocol.AZURE_OPENAI) {
      return base + "/openai/deployments/" + URLEncoder.encode(d.upstreamModel(), StandardCharsets.UTF_8)
          + "/chat/completions?api-version=" + URLEncoder.encode(config.apiVersion(), StandardCharsets.UTF_8);
    }
    return base + "/chat/completions";
  }

  private Buffer body(ChatRequest request, Deployment d) {
    OpenAiWire.ChatCompletionRequest wire = OpenAiRequests.toWire(request, d.upstreamModel(), dialect, config.id());
    try {
      return Buffer.buffer(Json.SNAKE.writeValueAsBytes(wire));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MultiMap headers(boolean stream) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(baseHeaders);
    h.set("accept", stream ? "text/event-stream" : "application/json");
    return h;
  }

  @Override
  public Future<ChatResponse> complete(ChatRequest request, Deployment d, CallControl control) {
    Buffer body;
    try {
      body = body(request.stream() ? request.toBuilder().stream(false).includeUsage(false).build() : request, d);
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    return http.exchange(HttpMethod.POST, url(d), headers(false), body, control,
        b -> OpenAiResponses.toCanonical(read(b, OpenAiWire.ChatCompletion.class), config.id()),
        this::error);
  }

  @Override
  public Future<EventSource> stream(ChatRequest request, Deployment d, CallControl control) {
    Buffer body;
    try {
      body = body(request.stream() ? request : request.toBuilder().stream(true).build(), d);
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    return http.send(HttpMethod.POST, url(d), headers(true), body, control)
        .compose(resp -> http.events(resp, control, this::error, r -> new SseDecoder(config.id())));
  }

  /** The embeddings URL for a deployment; Azure puts the deployment in the path. */
  String embeddingsUrl(Deployment d) {
    String base = config.baseUrl().toString();
    if (config.protocol() == Protocol.AZURE_OPENAI) {
      return base + "/openai/deployments/" + URLEncoder.encode(d.upstreamModel(), StandardCharsets.UTF_8)
          + "/embeddings?api-version=" + URLEncoder.encode(config.apiVersion(), StandardCharsets.UTF_8);
    }
    return base + "/embeddings";
  }

  @Override
  public Future<EmbeddingResponse> embed(EmbeddingRequest request, Deployment d, CallControl control) {
    Buffer body;
    try {
      body = Buffer.buffer(Json.SNAKE.writeValueAsBytes(OpenAiEmbeddings.toWire(request, d.upstreamModel())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int inputs = request.inputs().size();
    return http.exchange(HttpMethod.POST, embeddingsUrl(d), headers(false), body, control,
        b -> OpenAiEmbeddings.fromWire(read(b, EmbeddingsWire.Response.class), inputs, config.id()), this::error);
  }

  private GatewayError error(HttpClientResponse resp, Buffer body) {
    return OpenAiErrors.fromUpstream(resp.statusCode(), body.getBytes(), http.retryAfter(resp), config.id());
  }

  private static <T> T read(Buffer b, Class<T> type) {
    try {
      return Json.SNAKE.readValue(b.getBytes(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** OpenAI's SSE stream: {@code data: <chunk>} events ending with {@code data: [DONE]}. */
  static final class SseDecoder extends SseBodyDecoder {
    private final OpenAiStreams.Decoder decoder = new OpenAiStreams.Decoder();
    private boolean done;

    SseDecoder(String provider) {
      super(provider);
    }

    @Override
    protected void onEvent(String type, String data, List<StreamEvent> out) {
      if (done) {
        return;
      }
      if (data.equals("[DONE]")) {
        done = true;
        return;
      }
      OpenAiWire.ChatCompletionChunk chunk;
      try {
        chunk = Json.SNAKE.readValue(data, OpenAiWire.ChatCompletionChunk.class);
      } catch (IOException e) {
        throw malformed("stream chunk");
      }
      if (chunk.error() != null && !chunk.error().isNull()) {
        int status = chunk.error().path("code").isInt() ? chunk.error().path("code").asInt() : 500;
        throw OpenAiErrors.fromUpstream(status >= 400 ? status : 500, data.getBytes(StandardCharsets.UTF_8), null, provider);
      }
      out.addAll(decoder.decode(chunk));
    }

    @Override
    public GatewayError atEnd() {
      if (done || decoder.finished() && !hasPartialEvent()) {
        return null; // some compatible servers omit [DONE]; a finish reason is enough
      }
      return truncated();
    }
  }
}
