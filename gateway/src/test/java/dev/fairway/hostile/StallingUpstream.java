package dev.fairway.hostile;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-protocol upstream that misbehaves as named by the upstream model: {@code mode-no-headers}
 * (never answers), {@code mode-silent-after-headers} (headers, then nothing), {@code
 * mode-silent-after-token} (one token, then nothing), {@code mode-half-body} (half a JSON answer,
 * then nothing), {@code mode-redirect} (302).
 */
final class StallingUpstream implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  StallingUpstream() {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      String body = b.toString();
      HttpServerResponse resp = req.response();
      if (body.contains("mode-no-headers")) {
        return;
      }
      if (body.contains("mode-redirect")) {
        resp.setStatusCode(302).putHeader("location", "https://elsewhere.example/v1/chat/completions").end();
        return;
      }
      if (body.contains("mode-half-body")) {
        resp.putHeader("content-type", "application/json").putHeader("content-length", "500")
            .write("{\"id\":\"x\",\"object\":\"chat.completion\",");
        return;
      }
      resp.setChunked(true).putHeader("content-type", "text/event-stream");
      if (body.contains("mode-silent-after-headers")) {
        resp.writeHead();
        return;
      }
      resp.write("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"x\",\"choices\":"
          + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n");
    }));
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

  @Override
  public void close() {
    vertx.close();
  }
}
