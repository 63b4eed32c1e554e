package dev.fairway.ingress.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import dev.fairway.ingress.IngressSupport;
import dev.fairway.ingress.JsonErrors;
import dev.fairway.ingress.SseResponder;
import dev.fairway.pipeline.Endpoint;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.Pipeline;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.pipeline.Served;
import dev.fairway.provider.Json;
import dev.fairway.provider.openai.ResponsesRequests;
import dev.fairway.provider.openai.ResponsesResponses;
import dev.fairway.provider.openai.ResponsesStreams;
import dev.fairway.provider.openai.ResponsesWire;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/**
 * OpenAI's Responses API, {@code POST /v1/responses}, plain and streamed, served statelessly by any
 * model: the request is translated to the canonical one and runs through the same pipeline as Chat
 * Completions; errors are in OpenAI's format.
 */
public final class ResponsesIngress {
  private static final ObjectReader REQUEST_READER = Json.SNAKE.readerFor(ResponsesWire.Request.class)
      .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final IngressSupport support;
  private final Pipeline pipeline;

  public ResponsesIngress(IngressSupport support, Pipeline pipeline) {
    this.support = support;
    this.pipeline = pipeline;
  }

  /** Decodes a Responses body into the canonical request; errors name the parameter as OpenAI does. */
  public static ResponsesRequests.Decoded decode(Buffer body) {
    byte[] bytes = body.getBytes();
    try {
      ResponsesWire.Request wire = REQUEST_READER.readValue(bytes);
      if (wire == null) {
        throw GatewayError.invalid("The request body must be a JSON object.", null, Reason.INVALID_JSON);
      }
      return ResponsesRequests.toCanonical(wire);
    } catch (JsonProcessingException e) {
      throw JsonErrors.describe(e, bytes);
    } catch (IOException e) {
      throw GatewayError.invalid("The request body could not be read.", null, Reason.INVALID_JSON);
    }
  }

  public void create(RoutingContext rc) {
    RequestContext ctx = support.begin(rc, Endpoint.RESPONSES);
    ResponsesRequests.Decoded decoded;
    try {
      decoded = decode(rc.body().buffer() == null ? Buffer.buffer() : rc.body().buffer());
      support.deadline(rc, ctx);
      ctx.request(decoded.request());
      ctx.ingressDropped(decoded.dropped());
    } catch (GatewayError e) {
      IngressSupport.fail(rc, ctx, e, OpenAiIngress.ERRORS);
      return;
    }
    ResponsesResponses.Ids ids = ResponsesResponses.Ids.of(ctx.id());
    IngressSupport.run(rc, ctx, pipeline, new IngressSupport.Responder() {
      @Override
      public void answer(Outcome.Answered a) {
        ResponsesIngress.this.answer(rc, ctx, decoded, ids, a);
      }

      @Override
      public void stream(Outcome.Streaming s) {
        ResponsesIngress.this.stream(rc, ctx, decoded, ids, s);
      }

      @Override
      public void error(GatewayError e) {
        IngressSupport.fail(rc, ctx, e, OpenAiIngress.ERRORS);
      }
    });
  }

  /**
   * {@code GET /v1/responses}: where Codex CLI first tries a WebSocket. 426 Upgrade Required tells it
   * Fairway speaks the Responses API over HTTP only, and it falls back to {@code POST} at once.
   */
  public static void websocket(RoutingContext rc) {
    HttpServerResponse resp = rc.response();
    resp.setStatusCode(426).putHeader("content-type", "application/json");
    resp.end(Buffer.buffer(OpenAiIngress.write(dev.fairway.provider.openai.OpenAiErrors.toWire(
        GatewayError.of(ErrorKind.INVALID_REQUEST, "Fairway serves the Responses API over HTTP only: send"
            + " POST /v1/responses (WebSocket mode is not supported).").withReason(Reason.METHOD_NOT_ALLOWED)))));
  }

  private void answer(RoutingContext rc, RequestContext ctx, ResponsesRequests.Decoded d, ResponsesResponses.Ids ids,
      Outcome.Answered a) {
    Served s = a.served();
    support.answer(rc, ctx, a, "application/json",
        Buffer.buffer(OpenAiIngress.write(ResponsesResponses.toWire(a.response(), s.model().id(), ids, d.echo()))));
  }

  private void stream(RoutingContext rc, RequestContext ctx, ResponsesRequests.Decoded d, ResponsesResponses.Ids ids,
      Outcome.Streaming s) {
    Served served = s.served();
    support.streamHeaders(rc, ctx, s);
    ResponsesStreams.Encoder encoder = new ResponsesStreams.Encoder(served.model().id(), ids, d.echo());
    SseResponder.Framing framing = new SseResponder.Framing() {
      @Override
      public void event(StreamEvent e, Buffer out) {
        encoder.encode(e, (type, payload) -> SseResponder.event(out, type, OpenAiIngress.write(payload)));
      }

      @Override
      public void complete(Buffer out) {
        encoder.complete((type, payload) -> SseResponder.event(out, type, OpenAiIngress.write(payload)));
      }

      @Override
      public void error(GatewayError e, Buffer out) {
        encoder.error(e, (type, payload) -> SseResponder.event(out, type, OpenAiIngress.write(payload)));
      }
    };
    new SseResponder(rc.response(), framing, s, ctx).start();
  }
}
