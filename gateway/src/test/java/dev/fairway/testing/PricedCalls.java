package dev.fairway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Chat completions over real HTTP that keep what the gateway told each client: its request id,
 * decision id and cost. A whole answer carries the cost as a header, a stream as a trailer once
 * it has ended, so this uses Vert.x's client (the JDK's drops trailers). At most
 * {@code concurrency} calls are on the wire at once; the rest wait in the client's pool.
 */
public final class PricedCalls implements AutoCloseable {
  private static final String COST = "x-fairway-cost-usd";

  /** One answer as its client saw it; {@code cost} is null when the gateway named none. */
  public record Answer(int status, String requestId, String decisionId, BigDecimal cost, boolean stream, String body) {
    /** A 200 with its ids and its cost, and for a stream, its terminating event. */
    public boolean complete() {
      return status == 200 && requestId != null && decisionId != null && cost != null
          && (!stream || body.contains("data: [DONE]"));
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpClientAgent client;
  private final int port;

  public PricedCalls(int port, int concurrency) {
    this.port = port;
    this.client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(concurrency));
  }

  /** One call to {@code /v1/chat/completions}; completes once the whole answer (and any trailer) is in. */
  public CompletableFuture<Answer> chat(String model, String text, boolean stream) {
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/v1/chat/completions").putHeader("content-type", "application/json").setIdleTimeout(30_000);
    String body = stream ? Http.chat(model, text, "\"stream\":true") : Http.chat(model, text);
    return client.request(ro)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> answer(resp, stream, b.toString())))
        .toCompletionStage().toCompletableFuture();
  }

  private static Answer answer(HttpClientResponse resp, boolean stream, String body) {
    String cost = stream ? resp.getTrailer(COST) : resp.getHeader(COST);
    return new Answer(resp.statusCode(), resp.getHeader("x-request-id"), resp.getHeader("x-fairway-decision"),
        cost == null ? null : new BigDecimal(cost), stream, body);
  }

  /**
   * Sends {@code plain} whole answers and {@code streamed} streams, interleaved and all at once, and
   * returns when every one has been answered (within 60 s), in the order they were sent.
   */
  public List<Answer> burst(String model, int plain, int streamed) throws Exception {
    List<CompletableFuture<Answer>> calls = new ArrayList<>();
    int total = plain + streamed;
    int streams = 0;
    for (int i = 0; i < total; i++) {
      // spread the streams evenly among the whole answers
      boolean stream = (long) (i + 1) * streamed / total > streams;
      streams += stream ? 1 : 0;
      calls.add(chat(model, "question " + i + " of a burst" + " ?".repeat(i % 7), stream));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    return calls.stream().map(CompletableFuture::join).toList();
  }

  @Override
  public void close() throws Exception {
    // No grace period: a killed gateway leaves pooled connections nobody will answer on. One after
    // the other: a future chained on vertx.close() would need the event loop it is closing.
    client.shutdown(Duration.ZERO).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
