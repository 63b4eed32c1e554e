package dev.fairway.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fairway.api.GatewayError;
import dev.fairway.ingress.anthropic.AnthropicIngress;
import dev.fairway.provider.Json;
import dev.fairway.provider.anthropic.AnthropicErrors;
import dev.fairway.provider.openai.OpenAiErrors;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.io.UncheckedIOException;

/**
 * Answers a request refused at the front door (before the router or a protocol handler saw it) in
 * the error format of the protocol its path belongs to, optionally closing an HTTP/1.x connection
 * whose request body was not read to its end.
 */
final class ProtocolErrors {
  private ProtocolErrors() {}

  /** Completes when the answer is written (or at once when there is nothing left to answer). */
  static Future<Void> answer(HttpServerRequest req, GatewayError e, boolean close) {
    HttpServerResponse resp = req.response();
    if (resp.ended() || resp.closed()) {
      return Future.succeededFuture();
    }
    if (resp.headWritten()) {
      resp.reset();
      return Future.succeededFuture();
    }
    boolean anthropic = AnthropicIngress.owns(req.path());
    int status = anthropic ? AnthropicErrors.status(e) : OpenAiErrors.status(e);
    Object body = anthropic ? AnthropicErrors.toWire(e, resp.headers().get(FairwayHeaders.REQUEST_ID))
        : OpenAiErrors.toWire(e);
    boolean http1 = req.version() != HttpVersion.HTTP_2;
    resp.setStatusCode(status).putHeader("content-type", "application/json");
    IngressSupport.retryAfter(resp, e);
    if (close && http1) {
      resp.putHeader("connection", "close");
    }
    return resp.end(Buffer.buffer(write(body))).andThen(v -> {
      if (close && http1) {
        req.connection().close();
      }
    });
  }

  private static byte[] write(Object o) {
    try {
      return Json.SNAKE.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
