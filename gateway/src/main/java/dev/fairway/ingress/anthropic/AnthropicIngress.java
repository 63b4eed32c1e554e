package dev.fairway.ingress.anthropic;

import dev.fairway.metering.PromptTokens;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.Usage;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Model;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.Served;
import dev.fairway.ingress.Dropped;
import dev.fairway.ingress.FairwayHeaders;
import dev.fairway.ingress.IngressSupport;
import dev.fairway.ingress.SseResponder;
import dev.fairway.metering.Pricing;
import dev.fairway.pipeline.Pipeline;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.Json;
import dev.fairway.provider.Providers;
import dev.fairway.provider.anthropic.AnthropicClientRequests;
import dev.fairway.provider.anthropic.AnthropicErrors;
import dev.fairway.provider.anthropic.AnthropicNative;
import dev.fairway.provider.anthropic.AnthropicResponses;
import dev.fairway.provider.anthropic.AnthropicStreams;
import dev.fairway.provider.anthropic.AnthropicWire;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Fairway's Anthropic-compatible API: {@code POST /v1/messages} (plain and streamed) and
 * {@code POST /v1/messages/count_tokens}, answering errors in Anthropic's format. Clients' own
 * {@code x-api-key}, {@code anthropic-version} and {@code anthropic-beta} headers are accepted and
 * never forwarded: upstream calls carry the gateway's credentials.
 */
public final class AnthropicIngress {
  private static final ObjectReader REQUEST_READER = Json.SNAKE.readerFor(AnthropicWire.MessagesRequest.class)
      .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectWriter WRITER = Json.SNAKE.writer();
  /** Anthropic names its request id header {@code request-id}; its SDKs read it. */
  private static final String REQUEST_ID = "request-id";
  /** Whether a token count is the provider's own ({@code provider}) or Fairway's ({@code estimate}). */
  static final String TOKEN_COUNT = "x-fairway-token-count";

  private final IngressSupport support;
  private final Pipeline pipeline;
  private final Catalog catalog;
  private final java.util.Set<String> routers;
  private final TokenCounting counting;

  /** @param routers router names ({@code auto}...): counted by estimate, since no model is chosen yet */
  public AnthropicIngress(IngressSupport support, Pipeline pipeline, Catalog catalog, Providers providers,
      java.util.List<String> routers) {
    this.support = support;
    this.pipeline = pipeline;
    this.catalog = catalog;
    this.counting = new TokenCounting(catalog, providers);
    this.routers = java.util.Set.copyOf(routers);
  }

  /** True for the paths whose errors Anthropic clients read: everything under {@code /v1/messages}. */
  public static boolean owns(String path) {
    return path != null && (path.equals("/v1/messages") || path.startsWith("/v1/messages/"));
  }

  /** Decodes a Messages body into the canonical request; errors name the field as Anthropic does. */
  public static ChatRequest decode(Buffer body, boolean counting) {
    return decode(body, counting, null);
  }

  /**
   * Like {@link #decode(Buffer, boolean)}, keeping the body itself (and {@code beta}, the client's
   * {@code anthropic-beta} header) for Anthropic-protocol targets: see {@link AnthropicNative}.
   */
  public static ChatRequest decode(Buffer body, boolean counting, String beta) {
    byte[] bytes = body.getBytes();
    try {
      AnthropicWire.MessagesRequest wire = REQUEST_READER.readValue(bytes);
      if (wire == null) {
        throw GatewayError.invalid("The request body must be a JSON object.", null, Reason.INVALID_JSON);
      }
      ChatRequest req = AnthropicClientRequests.toCanonical(wire, counting);
      return req.toBuilder().nativeRequest(AnthropicNative.of(wire, bytes, beta)).build();
    } catch (JsonProcessingException e) {
      throw AnthropicJsonErrors.describe(e);
    } catch (IOException e) {
      throw GatewayError.invalid("The request body could not be read.", null, Reason.INVALID_JSON);
    }
  }

  public void messages(RoutingContext rc) {
    rc.response().putHeader(REQUEST_ID, support.requestId(rc));
    RequestContext ctx;
    try {
      ChatRequest req = decode(body(rc), false, rc.request().getHeader("anthropic-beta"));
      ctx = support.context(rc, req);
    } catch (GatewayError e) {
      error(rc, e);
      return;
    }
    IngressSupport.run(rc, ctx, pipeline, new IngressSupport.Responder() {
      @Override
      public void answer(Outcome.Answered a) {
        AnthropicIngress.this.answer(rc, ctx, a);
      }

      @Override
      public void stream(Outcome.Streaming s) {
        AnthropicIngress.this.stream(rc, ctx, s);
      }

      @Override
      public void error(GatewayError e) {
        AnthropicIngress.error(rc, e);
      }
    });
  }

  /**
   * {@code {"input_tokens": N}} for a model the catalog serves: the provider's own count when the
   * model has a deployment on Anthropic's protocol, else (or when that call fails) an estimate
   * (see {@link TokenCounting}). {@code x-fairway-token-count} says which it is.
   */
  public void countTokens(RoutingContext rc) {
    rc.response().putHeader(REQUEST_ID, support.requestId(rc));
    ChatRequest req;
    RequestContext ctx;
    Model model;
    try {
      req = decode(body(rc), true);
      if (catalog.find(req.model()).isEmpty() && routers.contains(req.model())) {
        rc.response().putHeader(TOKEN_COUNT, "estimate").putHeader("content-type", "application/json")
            .end(Buffer.buffer(write(new AnthropicWire.TokenCount(PromptTokens.inputTokens(req)))));
        return;
      }
      model = catalog.find(req.model()).orElseThrow(() ->
          GatewayError.of(ErrorKind.NOT_FOUND, "model: " + req.model()).withReason(Reason.MODEL_NOT_FOUND)
              .withParam("model"));
      ctx = support.context(rc, req);
    } catch (GatewayError e) {
      error(rc, e);
      return;
    }
    CallControl control = new CallControl();
    rc.response().closeHandler(v -> ctx.clientDisconnected());
    ctx.clientGone().onCancel(() -> control.cancel(ctx.clientGone().reason()));
    counting.count(rc.vertx(), req, model, ctx.deadline(), control).onSuccess(c -> {
      if (rc.response().closed()) {
        return;
      }
      HttpServerResponse resp = rc.response();
      if (c.countedBy() != null) {
        resp.putHeader(TOKEN_COUNT, "provider");
        resp.putHeader(FairwayHeaders.DEPLOYMENT, c.countedBy().id());
      } else {
        resp.putHeader(TOKEN_COUNT, "estimate");
      }
      resp.putHeader("content-type", "application/json")
          .end(Buffer.buffer(write(new AnthropicWire.TokenCount(c.inputTokens()))));
    });
  }

  private static Buffer body(RoutingContext rc) {
    return rc.body().buffer() == null ? Buffer.buffer() : rc.body().buffer();
  }

  private void answer(RoutingContext rc, RequestContext ctx, Outcome.Answered a) {
    Served s = a.served();
    AnthropicWire.Message body;
    try {
      body = AnthropicResponses.toClient(a.response(), s.model().id());
    } catch (GatewayError e) {
      error(rc, e);
      return;
    }
    HttpServerResponse resp = rc.response();
    FairwayHeaders.served(resp.headers(), s);
    resp.putHeader(FairwayHeaders.COST, Pricing.format(Pricing.cost(s.model().prices(), a.response().usage())));
    support.routeHeader(resp, ctx);
    Dropped.header(resp, ctx.request(), s, java.util.List.of());
    resp.putHeader("content-type", "application/json");
    resp.end(Buffer.buffer(write(body)));
  }

  private void stream(RoutingContext rc, RequestContext ctx, Outcome.Streaming s) {
    Served served = s.served();
    HttpServerResponse resp = rc.response();
    FairwayHeaders.served(resp.headers(), served);
    support.routeHeader(resp, ctx);
    Dropped.header(resp, ctx.request(), served, java.util.List.of());
    resp.setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no")
        .putHeader("trailer", FairwayHeaders.COST);
    ChatRequest req = ctx.request();
    AnthropicStreams.Encoder encoder = new AnthropicStreams.Encoder(served.model().id(),
        () -> PromptTokens.inputTokens(req));
    String requestId = ctx.id();
    SseResponder.Framing framing = new SseResponder.Framing() {
      @Override
      public void event(StreamEvent e, Buffer out) {
        encoder.encode(e, (type, payload) -> SseResponder.event(out, type, write(payload)));
      }

      @Override
      public void complete(Buffer out) {
        encoder.complete((type, payload) -> SseResponder.event(out, type, write(payload)));
      }

      @Override
      public void error(GatewayError e, Buffer out) {
        SseResponder.event(out, "error", write(AnthropicErrors.toWire(e, requestId)));
      }
    };
    new SseResponder(resp, framing, s.events(), (Usage u) ->
        resp.trailers().set(FairwayHeaders.COST, Pricing.format(Pricing.cost(served.model().prices(), u)))).start();
  }

  /** Answers with Anthropic's error object and status (plus Retry-After when known). */
  public static void error(RoutingContext rc, GatewayError e) {
    HttpServerResponse resp = rc.response();
    if (resp.headWritten()) {
      resp.reset();
      return;
    }
    String requestId = resp.headers().get(FairwayHeaders.REQUEST_ID);
    resp.setStatusCode(AnthropicErrors.status(e)).putHeader("content-type", "application/json");
    IngressSupport.retryAfter(resp, e);
    resp.end(Buffer.buffer(write(AnthropicErrors.toWire(e, requestId))));
  }

  static byte[] write(Object o) {
    try {
      return WRITER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
