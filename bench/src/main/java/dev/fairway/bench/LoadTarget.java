package dev.fairway.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One endpoint under load (the mock directly, the hop floor, a gateway), with the histogram of its
 * latencies in microseconds and its error count. A request counts as an error unless it is
 * answered 200 with a whole JSON object.
 */
final class LoadTarget {
  final String name;
  final long pid;
  private final HttpClientAgent client;
  private final String path;
  private final Buffer body;
  private final Map<String, String> headers;
  final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
  final AtomicLong errors = new AtomicLong();

  /**
   * @param pid the process serving it, whose CPU time and RSS are read (-1: not read)
   * @param headers sent with every request besides content-type (e.g. a virtual key)
   */
  LoadTarget(String name, long pid, HttpClientAgent client, String path, String body, Map<String, String> headers) {
    this.name = name;
    this.pid = pid;
    this.client = client;
    this.path = path;
    this.body = Buffer.buffer(body);
    this.headers = Map.copyOf(headers);
  }

  void reset() {
    latency.reset();
    errors.set(0);
  }

  /** Must be called on the client's Vert.x context: its futures then complete where they were chained. */
  Future<Void> send(long startNanos) {
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
        .putHeader("content-type", "application/json");
    headers.forEach(ro::putHeader);
    return client.request(ro).compose(r -> r.send(body)).compose(resp -> resp.body().map(b -> {
      if (resp.statusCode() != 200 || b.length() == 0 || b.getByte(b.length() - 1) != '}') {
        errors.incrementAndGet();
      }
      return (Void) null;
    })).andThen(ar -> {
      if (ar.failed()) {
        errors.incrementAndGet();
      }
      latency.recordValue(Math.max(0, (System.nanoTime() - startNanos) / 1000));
    });
  }
}
