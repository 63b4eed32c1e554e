package dev.fairway.ingress.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import dev.fairway.pipeline.Endpoint;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.Served;
import dev.fairway.metering.PromptTokens;
import dev.fairway.ingress.FairwayHeaders;
import dev.fairway.ingress.IngressSupport;
import dev.fairway.ingress.SseResponder;
import dev.fairway.pipeline.Pipeline;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.provider.Json;
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
  private static final ObjectReader REQUEST_READER = Json.STRICT_SNAKE.readerFor(AnthropicWire.MessagesRequest.class)
      .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectWriter WRITER = Json.SNAKE.writer();
  /** Anthropic names its request id header {@code request-id}; its SDKs read it. */
  private static final String REQUEST_ID = "request-id";
  /** Whether a token count is the provider's own ({@code provider}) or Fairway's ({@code estimate}). */
  static final String TOKEN_COUNT = "x-fairway-token-count";

  private final IngressSupport support;
  private final Pipeline pipeline;

  public AnthropicIngress(IngressSupport support, Pipeline pipeline) {
    this.support = support;
    this.pipeline = pipeline;
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

  /** Anthropic's error format, for requests that went through the pipeline. */
  public static final IngressSupport.ErrorFormat ERRORS = new IngressSupport.ErrorFormat() {
    @Override
    public int status(GatewayError e) {
      return AnthropicErrors.status(e);
    }

    @Override
    public void write(RoutingContext rc, GatewayError e) {
      error(rc, e);
    }
  };

  public void messages(RoutingContext rc) {
    rc.response().putHeader(REQUEST_ID, support.requestId(rc));
    RequestContext ctx = support.begin(rc, Endpoint.MESSAGES);
    try {
      ctx.request(decode(body(rc), false, rc.request().getHeader("anthropic-beta")));
      support.deadline(rc, ctx);
    } catch (GatewayError e) {
      IngressSupport.fail(rc, ctx, e, ERRORS);
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
        IngressSupport.fail(rc, ctx, e, ERRORS);
      }
    });
  }

  /**
   * {@code {"input_tokens": N}} for a model the catalog serves or a router name: the provider's
   * own count when the model has a deployment on Anthropic's protocol, else (or when that call
   * fails, or for a router) an estimate. {@code x-fairway-token-count} says which it is.
   */
  public void countTokens(RoutingContext rc) {
    rc.response().putHeader(REQUEST_ID, support.requestId(rc));
    RequestContext ctx = support.begin(rc, Endpoint.COUNT_TOKENS);
    try {
      ctx.request(decode(body(rc), true));
      support.deadline(rc, ctx);
    } catch (GatewayError e) {
      IngressSupport.fail(rc, ctx, e, ERRORS);
      return;
    }
    IngressSupport.run(rc, ctx, pipeline, new IngressSupport.Responder() {
      @Override
      public void answer(Outcome.Answered a) {
        throw new IllegalStateException("a token count answered with a message");
      }

      @Override
      public void stream(Outcome.Streaming s) {
        throw new IllegalStateException("a token count answered with a stream");
      }

      @Override
      public void counted(Outcome.Counted c) {
        rc.response().putHeader(TOKEN_COUNT, c.served() != null ? "provider" : "estimate");
        support.answer(rc, ctx, c, "application/json", Buffer.buffer(write(new AnthropicWire.TokenCount(c.inputTokens()))));
      }

      @Override
      public void error(GatewayError e) {
        IngressSupport.fail(rc, ctx, e, ERRORS);
      }
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
      IngressSupport.fail(rc, ctx, e, ERRORS);
      return;
    }
    support.answer(rc, ctx, a, "application/json", Buffer.buffer(write(body)));
  }

  private void stream(RoutingContext rc, RequestContext ctx, Outcome.Streaming s) {
    Served served = s.served();
    support.streamHeaders(rc, ctx, s);
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
    new SseResponder(rc.response(), framing, s, ctx).start();
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
