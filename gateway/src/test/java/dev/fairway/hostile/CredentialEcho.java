package dev.fairway.hostile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * A hostile upstream for tests: it speaks each provider protocol's error format, and puts the
 * credentials the gateway sent it (raw, as a Bearer header, base64, URL-encoded) into every
 * string field of every error. Mode comes from the upstream model name: {@code mode-plain400},
 * {@code mode-plain500} (an HTTP error), {@code mode-stream} (a first token, then an error event).
 */
final class CredentialEcho implements AutoCloseable {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  CredentialEcho() {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> answer(req, b.toString())));
    try {
      server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Every credential-like value the request carried, in every form an upstream might echo it. */
  static String echo(HttpServerRequest req) {
    List<String> creds = new ArrayList<>();
    for (String h : new String[] {"authorization", "api-key", "x-api-key", "x-goog-api-key", "x-upstream-token"}) {
      String v = req.getHeader(h);
      if (v != null) {
        creds.add(v.startsWith("Bearer ") ? v.substring(7) : v);
      }
    }
    StringBuilder sb = new StringBuilder("echo");
    for (String c : creds) {
      sb.append(" | ").append(c).append(" | Bearer ").append(c).append(" | api-key: ").append(c)
          .append(" | x-api-key: ").append(c).append(" | x-goog-api-key: ").append(c)
          .append(" | b64 ").append(Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8)))
          .append(" | url ").append(URLEncoder.encode(c, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private void answer(HttpServerRequest req, String body) {
    String where = req.uri() + " " + body;
    String mode = where.contains("mode-stream") ? "stream" : where.contains("mode-plain500") ? "plain500" : "plain400";
    String e = echo(req);
    String path = req.path();
    HttpServerResponse resp = req.response();
    if (path.contains("/converse")) {
      bedrock(resp, mode, e);
    } else if (path.contains(":generateContent") || path.contains(":streamGenerateContent")) {
      gemini(resp, mode, e);
    } else if (path.endsWith("/messages")) {
      anthropic(resp, mode, e);
    } else {
      openai(resp, mode, e);
    }
  }

  private static int status(String mode) {
    return mode.equals("plain500") ? 500 : 400;
  }

  private static void openai(HttpServerResponse resp, String mode, String e) {
    ObjectNode err = JSON.objectNode();
    err.putObject("error").put("message", e).put("type", e).put("param", e).put("code", e);
    if (mode.equals("stream")) {
      sse(resp).write("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"x\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n");
      resp.end("data: " + err + "\n\n");
      return;
    }
    resp.setStatusCode(status(mode)).putHeader("content-type", "application/json").end(err.toString());
  }

  private static void anthropic(HttpServerResponse resp, String mode, String e) {
    ObjectNode err = JSON.objectNode().put("type", "error");
    err.putObject("error").put("type", mode.equals("plain400") ? "invalid_request_error" : e).put("message", e);
    if (mode.equals("stream")) {
      sse(resp).write("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"type\":"
          + "\"message\",\"role\":\"assistant\",\"model\":\"x\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
          + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
          + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
          + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
          + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
          + "{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n");
      resp.end("event: error\ndata: " + err + "\n\n");
      return;
    }
    resp.setStatusCode(status(mode)).putHeader("content-type", "application/json").end(err.toString());
  }

  private static void gemini(HttpServerResponse resp, String mode, String e) {
    ObjectNode err = JSON.objectNode();
    ObjectNode inner = err.putObject("error").put("code", status(mode)).put("message", e)
        .put("status", mode.equals("plain400") ? "INVALID_ARGUMENT" : e);
    inner.putArray("details").addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", e);
    if (mode.equals("stream")) {
      sse(resp).write("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello\"}],\"role\":\"model\"},"
          + "\"index\":0}]}\r\n\r\n");
      resp.end("data: " + err + "\r\n\r\n");
      return;
    }
    resp.setStatusCode(status(mode)).putHeader("content-type", "application/json").end(err.toString());
  }

  private static void bedrock(HttpServerResponse resp, String mode, String e) {
    ObjectNode err = JSON.objectNode().put("message", e).put("originalMessage", e);
    if (mode.equals("stream")) {
      resp.setChunked(true).putHeader("content-type", "application/vnd.amazon.eventstream");
      resp.write(frame("messageStart", "event", "{\"role\":\"assistant\"}"));
      resp.write(frame("contentBlockDelta", "event", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello\"}}"));
      resp.end(frame("modelStreamErrorException", "exception", err.toString()));
      return;
    }
    resp.setStatusCode(status(mode)).putHeader("content-type", "application/json")
        .putHeader("x-amzn-ErrorType", mode.equals("plain400") ? "ValidationException" : e.replace('\n', ' '))
        .end(err.toString());
  }

  private static Buffer frame(String type, String messageType, String payload) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(messageType.equals("exception") ? ":exception-type" : ":event-type", HeaderValue.fromString(type));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString(messageType));
    ByteBuffer bb = new Message(h, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
    byte[] b = new byte[bb.remaining()];
    bb.get(b);
    return Buffer.buffer(b);
  }

  private static HttpServerResponse sse(HttpServerResponse resp) {
    return resp.setChunked(true).putHeader("content-type", "text/event-stream");
  }

  @Override
  public void close() {
    vertx.close();
  }
}
