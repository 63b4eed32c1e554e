package dev.fairway.provider.anthropic;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.EventSource;
import dev.fairway.provider.HttpEventSource;
import dev.fairway.provider.Json;
import dev.fairway.provider.ProviderAdapter;
import dev.fairway.provider.SseParser;
import dev.fairway.provider.UpstreamHttp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Anthropic's Messages API ({@code POST {base_url}/v1/messages}), authenticated with
 * {@code x-api-key} and versioned with {@code anthropic-version}.
 */
public final class AnthropicAdapter implements ProviderAdapter {
  /** The API version sent when the provider configuration names none. */
  public static final String DEFAULT_VERSION = "2023-06-01";
  private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
  private static final ObjectReader MESSAGE_READER = Json.SNAKE.readerFor(AnthropicWire.Message.class);
  private static final ObjectReader EVENT_READER = Json.SNAKE.readerFor(AnthropicWire.StreamEventIn.class);

  private final ProviderConfig config;
  private final UpstreamHttp http;
  private final String url;
  private final MultiMap baseHeaders;

  public AnthropicAdapter(ProviderConfig config, UpstreamHttp http) {
    this.config = config;
    this.http = http;
    String base = config.baseUrl().toString();
    // Anthropic's SDKs take the base URL without /v1; accept it with /v1 too.
    this.url = base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages";
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

  private Buffer body(ChatRequest request, Deployment d) {
    AnthropicWire.MessagesRequest wire = AnthropicRequests.toWire(request, d.upstreamModel(), config.id());
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
      body = body(request.stream() ? request.toBuilder().stream(false).build() : request, d);
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    String jsonTool = AnthropicRequests.jsonTool(request);
    return http.exchange(HttpMethod.POST, url, headers(false), body, control,
        b -> AnthropicResponses.toCanonical(read(b), jsonTool, config.id(), Instant.now().getEpochSecond()),
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
    String jsonTool = AnthropicRequests.jsonTool(request);
    return http.send(HttpMethod.POST, url, headers(true), body, control).compose(resp -> {
      if (resp.statusCode() / 100 != 2) {
        return http.body(resp, control).compose(b -> Future.failedFuture(error(resp, b)));
      }
      SseDecoder decoder = new SseDecoder(config.id(), jsonTool, Instant.now().getEpochSecond());
      return Future.succeededFuture(new HttpEventSource(resp, decoder, control, config.id()));
    });
  }

  private GatewayError error(HttpClientResponse resp, Buffer body) {
    return AnthropicErrors.fromUpstream(resp.statusCode(), body.getBytes(), UpstreamHttp.retryAfter(resp), config.id());
  }

  private static AnthropicWire.Message read(Buffer b) {
    try {
      return MESSAGE_READER.readValue(b.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Anthropic's SSE stream: named events, each with a JSON payload, ending with message_stop. */
  public static final class SseDecoder implements HttpEventSource.BodyDecoder {
    private final AnthropicStreams.Decoder decoder;
    private final String provider;
    private final SseParser parser;
    private final List<StreamEvent> pending = new ArrayList<>(4);

    public SseDecoder(String provider, String jsonTool, long createdEpochSeconds) {
      this.provider = provider;
      this.decoder = new AnthropicStreams.Decoder(jsonTool, createdEpochSeconds);
      this.parser = new SseParser(this::onSse, MAX_EVENT_BYTES);
    }

    @Override
    public void feed(Buffer bytes, Consumer<StreamEvent> out) {
      try {
        parser.feed(bytes);
      } finally {
        // Deliver what decoded cleanly even when a later event in the same bytes was an error.
        for (StreamEvent e : pending) {
          out.accept(e);
        }
        pending.clear();
      }
    }

    private void onSse(String type, String data) {
      if (decoder.stopped()) {
        return;
      }
      AnthropicWire.StreamEventIn event;
      try {
        event = EVENT_READER.readValue(data);
      } catch (IOException e) {
        throw new GatewayError(ErrorKind.UPSTREAM, "provider '" + provider + "' sent a malformed stream event", null,
            "upstream_malformed", null, 0);
      }
      pending.addAll(decoder.decode(event, provider));
    }

    @Override
    public GatewayError atEnd() {
      if (decoder.stopped() || decoder.finished() && !parser.hasPartialEvent()) {
        return null; // message_delta carried the stop reason and usage; a missing message_stop loses nothing
      }
      return new GatewayError(ErrorKind.CONNECTION, "provider '" + provider + "' stream ended before it was complete",
          null, "upstream_stream_truncated", null, 0);
    }
  }
}
