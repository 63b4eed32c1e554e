package dev.fairway.provider.bedrock;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.EmbeddingResponse;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.EmbeddingProvider;
import dev.fairway.provider.EventSource;
import dev.fairway.provider.Json;
import dev.fairway.provider.ProviderAdapter;
import dev.fairway.provider.UpstreamHttp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Amazon Bedrock Runtime through Converse ({@code POST /model/{modelId}/converse}) and
 * ConverseStream ({@code /converse-stream}, an AWS event stream), authenticated with SigV4 or a
 * Bedrock API key. The deployment's model is a model id, an inference profile id or an ARN.
 */
public final class BedrockAdapter implements ProviderAdapter, EmbeddingProvider {
  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  private final ProviderConfig config;
  private final UpstreamHttp http;
  private final BedrockAuth auth;
  private final Clock clock;
  private final MultiMap baseHeaders;

  public BedrockAdapter(ProviderConfig config, UpstreamHttp http, Vertx vertx) {
    this(config, http, vertx, http == null ? java.time.Clock.systemUTC() : http.clock());
  }

  BedrockAdapter(ProviderConfig config, UpstreamHttp http, Vertx vertx, Clock clock) {
    this.config = config;
    this.http = http;
    this.clock = clock;
    this.auth = BedrockAuth.of(config, vertx, clock);
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    config.headers().forEach(h::set);
    h.set("content-type", "application/json");
    this.baseHeaders = h;
  }

  /** The operation's URL; the model id is one path segment, so its ':' and '/' are percent-encoded. */
  String url(Deployment d, boolean stream) {
    return config.baseUrl() + "/model/" + pathSegment(d.upstreamModel()) + (stream ? "/converse-stream" : "/converse");
  }

  @Override
  public Future<ChatResponse> complete(ChatRequest request, Deployment d, CallControl control) {
    BedrockRequests.Prepared call;
    byte[] body;
    try {
      call = BedrockRequests.toWire(request.stream() ? request.toBuilder().stream(false).build() : request,
          d.upstreamModel(), config.id());
      body = bytes(call);
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    String uri = url(d, false);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(baseHeaders).set("accept", "application/json");
    return auth.authorize(uri, headers, body)
        .compose(signed -> http.send(HttpMethod.POST, uri, signed, Buffer.buffer(body), control))
        .compose(resp -> http.body(resp, control).compose(b -> {
          if (resp.statusCode() / 100 != 2) {
            return Future.failedFuture(error(resp, b));
          }
          try {
            BedrockWire.ConverseResponse w = Json.CAMEL.readValue(b.getBytes(), BedrockWire.ConverseResponse.class);
            return Future.succeededFuture(BedrockResponses.toCanonical(w, call, resp.getHeader("x-amzn-RequestId"),
                d.upstreamModel(), clock.millis() / 1000, config.id()));
          } catch (GatewayError e) {
            return Future.failedFuture(e);
          } catch (IOException | RuntimeException e) {
            return Future.failedFuture(malformed(resp.statusCode()));
          }
        }));
  }

  @Override
  public Future<EventSource> stream(ChatRequest request, Deployment d, CallControl control) {
    BedrockRequests.Prepared call;
    byte[] body;
    try {
      call = BedrockRequests.toWire(request.stream() ? request : request.toBuilder().stream(true).build(),
          d.upstreamModel(), config.id());
      body = bytes(call);
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    String uri = url(d, true);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(baseHeaders).set("accept", EVENT_STREAM);
    return auth.authorize(uri, headers, body)
        .compose(signed -> http.send(HttpMethod.POST, uri, signed, Buffer.buffer(body), control))
        .compose(resp -> http.events(resp, control, this::error, r -> new EventStreamDecoder(
            new BedrockStreams.Decoder(r.getHeader("x-amzn-RequestId"), d.upstreamModel(), clock.millis() / 1000, call,
                config.id()), config.id())));
  }

  /**
   * Embeddings through InvokeModel ({@code POST /model/{modelId}/invoke}) in the model family's own
   * body; Titan embeds one text per call, so several texts are several calls, made at once.
   */
  @Override
  public Future<EmbeddingResponse> embed(EmbeddingRequest request, Deployment d, CallControl control) {
    String who = "Provider '" + config.id() + "' (Bedrock model " + d.upstreamModel() + ")";
    BedrockEmbeddings.Family family;
    try {
      family = BedrockEmbeddings.family(d.upstreamModel(), who);
      BedrockEmbeddings.check(request, family, who);
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    String uri = config.baseUrl() + "/model/" + pathSegment(d.upstreamModel()) + "/invoke";
    List<String> texts = request.texts();
    if (family == BedrockEmbeddings.Family.COHERE_V3 || family == BedrockEmbeddings.Family.COHERE_V4) {
      return invoke(uri, BedrockEmbeddings.cohere(texts, request.dimensions(), family), control).map(r ->
          new EmbeddingResponse(d.upstreamModel(), BedrockEmbeddings.cohereVectors(r.body(), texts.size(), config.id()),
              r.tokens() >= 0 ? r.tokens() : dev.fairway.metering.PromptTokens.ofTexts(texts)));
    }
    List<Future<Invoked>> calls = new ArrayList<>(texts.size());
    for (String t : texts) {
      calls.add(invoke(uri, BedrockEmbeddings.titan(t, request.dimensions(), family), control));
    }
    return Future.all(calls).map(all -> {
      List<float[]> vectors = new ArrayList<>(texts.size());
      long tokens = 0;
      for (int i = 0; i < texts.size(); i++) {
        Invoked r = all.resultAt(i);
        vectors.add(BedrockEmbeddings.titanVector(r.body(), config.id()));
        JsonNode n = r.body().path("inputTextTokenCount");
        tokens += n.isIntegralNumber() ? n.asLong() : Math.max(0, r.tokens());
      }
      return new EmbeddingResponse(d.upstreamModel(), vectors, tokens);
    });
  }

  /** One InvokeModel answer: its JSON body and the input tokens Bedrock reported in its header (-1: none). */
  private record Invoked(JsonNode body, long tokens) {}

  private Future<Invoked> invoke(String uri, JsonNode payload, CallControl control) {
    byte[] body;
    try {
      body = Json.CAMEL.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(baseHeaders).set("accept", "application/json");
    return auth.authorize(uri, headers, body)
        .compose(signed -> http.send(HttpMethod.POST, uri, signed, Buffer.buffer(body), control))
        .compose(resp -> http.body(resp, control).compose(b -> {
          if (resp.statusCode() / 100 != 2) {
            return Future.failedFuture(error(resp, b));
          }
          try {
            String count = resp.getHeader("x-amzn-bedrock-input-token-count");
            long tokens = count == null ? -1 : Long.parseLong(count.trim());
            return Future.succeededFuture(new Invoked(Json.CAMEL.readTree(b.getBytes()), tokens));
          } catch (IOException | RuntimeException e) {
            return Future.failedFuture(malformed(resp.statusCode()));
          }
        }));
  }

  private static byte[] bytes(BedrockRequests.Prepared call) {
    try {
      return Json.CAMEL.writeValueAsBytes(call.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private GatewayError error(HttpClientResponse resp, Buffer body) {
    return BedrockErrors.fromUpstream(resp.statusCode(), resp.getHeader("x-amzn-ErrorType"), body.getBytes(),
        http.retryAfter(resp), config.id());
  }

  private GatewayError malformed(int status) {
    return GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + config.id() + "' answered something that is not its"
        + " protocol").withReason(Reason.UPSTREAM_MALFORMED).withUpstream(status, null);
  }

  /** RFC 3986 percent-encoding of one path segment: everything but the unreserved characters. */
  static String pathSegment(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
    }
    return sb.toString();
  }
}
