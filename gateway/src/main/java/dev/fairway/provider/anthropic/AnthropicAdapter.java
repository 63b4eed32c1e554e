package dev.fairway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.GatewayError;
import dev.fairway.api.NativeRequest;
import dev.fairway.api.StreamEvent;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.EventSource;
import dev.fairway.provider.Json;
import dev.fairway.provider.ProviderAdapter;
import dev.fairway.provider.SseBodyDecoder;
import dev.fairway.provider.TokenCounter;
import dev.fairway.provider.UpstreamHttp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Anthropic's Messages API ({@code POST {base_url}/v1/messages}, and {@code /v1/messages/count_tokens}
 * for token counts), authenticated with {@code x-api-key} and versioned with {@code anthropic-version}.
 */
public final class AnthropicAdapter implements ProviderAdapter, TokenCounter {
  /** The API version sent when the provider configuration names none. */
  public static final String DEFAULT_VERSION = "2023-06-01";
  private static final ObjectReader MESSAGE_READER = Json.SNAKE.readerFor(AnthropicWire.Message.class);
  private static final ObjectReader EVENT_READER = Json.SNAKE.readerFor(AnthropicWire.StreamEventIn.class);

  private final ProviderConfig config;
  private final UpstreamHttp http;
  private final String url;
  private final String countUrl;
  private final MultiMap baseHeaders;

  public AnthropicAdapter(ProviderConfig config, UpstreamHttp http) {
    this.config = config;
    this.http = http;
    String base = config.baseUrl().toString();
    // Anthropic's SDKs take the base URL without /v1; accept it with /v1 too.
    this.url = base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages";
    this.countUrl = url + "/count_tokens";
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    h.set("content-type", "application/json");
    h.set("anthropic-version", config.apiVersion() == null || config.apiVersion().isBlank()
        ? DEFAULT_VERSION : config.apiVersion());
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      h.set("x-api-key", config.apiKey().value());
    }
    config.headers().forEach(h::set); // e.g. anthropic-beta, chosen by the operator
    this.baseHeaders = h;
  }

  /**
   * The body for a call: the client's own Messages body when it came in Anthropic's protocol (so
   * every field reaches Anthropic unchanged, cache breakpoints included), else the translation.
   */
  private Buffer body(ChatRequest request, Deployment d) {
    try {
      if (NativeRequest.of(request, NativeRequest.ANTHROPIC)) {
        return Buffer.buffer(Json.SNAKE.writeValueAsBytes(
            AnthropicNative.upstreamBody(request.nativeRequest(), d.upstreamModel(), request.stream())));
      }
      AnthropicWire.MessagesRequest wire = AnthropicRequests.toWire(request, d.upstreamModel(), config.id());
      return Buffer.buffer(Json.SNAKE.writeValueAsBytes(wire));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The forced JSON tool's name when the translation used one (never for a client's own body). */
  private static String jsonTool(ChatRequest request) {
    return NativeRequest.of(request, NativeRequest.ANTHROPIC) ? null : AnthropicRequests.jsonTool(request);
  }

  private MultiMap headers(ChatRequest request, boolean stream) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(baseHeaders);
    h.set("accept", stream ? "text/event-stream" : "application/json");
    String beta = request.nativeRequest() == null ? null : request.nativeRequest().headers().get("anthropic-beta");
    if (beta != null && NativeRequest.of(request, NativeRequest.ANTHROPIC)) {
      // The client's betas describe its body; the operator's (configured headers) still apply.
      String configured = h.get("anthropic-beta");
      h.set("anthropic-beta", configured == null || configured.isBlank() ? beta : configured + "," + beta);
    }
    return h;
  }

  @Override
  public Future<ChatResponse> complete(ChatRequest request, Deployment d, CallControl control) {
    Buffer body;
    try {
      body = body(request.stream() ? request.toBuilder().stream(false).build() : request, d);
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    String jsonTool = jsonTool(request);
    return http.exchange(HttpMethod.POST, url, headers(request, false), body, control,
        b -> AnthropicResponses.toCanonical(read(b), jsonTool, config.id(), http.clock().instant().getEpochSecond()),
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
    String jsonTool = jsonTool(request);
    return http.send(HttpMethod.POST, url, headers(request, true), body, control).compose(resp -> http.events(resp, control,
        this::error, r -> new SseDecoder(config.id(), jsonTool, http.clock().instant().getEpochSecond())));
  }

  @Override
  public Future<Long> countTokens(ChatRequest request, Deployment d, CallControl control) {
    Buffer body;
    try {
      AnthropicWire.MessagesRequest wire = AnthropicRequests.toWire(request, d.upstreamModel(), config.id());
      body = Buffer.buffer(Json.SNAKE.writeValueAsBytes(AnthropicWire.CountTokensRequest.of(wire)));
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return http.exchange(HttpMethod.POST, countUrl, headers(request, false), body, control, AnthropicAdapter::inputTokens,
        this::error);
  }

  private GatewayError error(HttpClientResponse resp, Buffer body) {
    return AnthropicErrors.fromUpstream(resp.statusCode(), body.getBytes(), http.retryAfter(resp), config.id());
  }

  /** {@code {"input_tokens": N}}; anything else is not Anthropic's answer (the exchange maps it to malformed). */
  private static long inputTokens(Buffer b) {
    try {
      JsonNode n = Json.SNAKE.readTree(b.getBytes()).get("input_tokens");
      if (n == null || !n.isIntegralNumber() || n.asLong() < 0) {
        throw new IllegalStateException("count_tokens answered without input_tokens");
      }
      return n.asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AnthropicWire.Message read(Buffer b) {
    try {
      return MESSAGE_READER.readValue(b.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Anthropic's SSE stream: named events, each with a JSON payload, ending with message_stop. */
  public static final class SseDecoder extends SseBodyDecoder {
    private final AnthropicStreams.Decoder decoder;

    public SseDecoder(String provider, String jsonTool, long createdEpochSeconds) {
      super(provider);
      this.decoder = new AnthropicStreams.Decoder(jsonTool, createdEpochSeconds);
    }

    @Override
    protected void onEvent(String type, String data, List<StreamEvent> out) {
      if (decoder.stopped()) {
        return;
      }
      AnthropicWire.StreamEventIn event;
      try {
        event = EVENT_READER.readValue(data);
      } catch (IOException e) {
        throw malformed("stream event");
      }
      out.addAll(decoder.decode(event, provider));
    }

    @Override
    public GatewayError atEnd() {
      if (decoder.stopped() || decoder.finished() && !hasPartialEvent()) {
        return null; // message_delta carried the stop reason and usage; a missing message_stop loses nothing
      }
      return truncated();
    }
  }
}
