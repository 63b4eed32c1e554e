package dev.fairway.mock;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/** Sends a mock's answer with the configured latency, pacing and transport faults. */
final class Emission {
  private Emission() {}

  /** A whole (non-streamed) answer after time-to-first-token plus generation time. */
  static void whole(Vertx vertx, HttpServerRequest req, MockBehaviour b, int outputTokens, String contentType,
      Buffer body) {
    HttpServerResponse resp = req.response();
    switch (b.fault()) {
      case RESET -> {
        req.connection().close();
        return;
      }
      case STALL -> {
        resp.setChunked(true).putHeader("content-type", contentType);
        resp.write(Buffer.buffer()); // headers out, then silence
        return;
      }
      case MALFORMED -> body = Buffer.buffer("{\"id\": \"broken\", \"choices\": [");
      default -> { }
    }
    long delay = b.ttftMs() + (b.tokensPerSecond() > 0 ? Math.round(outputTokens * 1000.0 / b.tokensPerSecond()) : 0);
    Buffer out = body;
    Runnable send = () -> {
      if (!resp.closed()) {
        resp.putHeader("content-type", contentType).end(out);
      }
    };
    if (delay <= 0) {
      send.run();
    } else {
      vertx.setTimer(delay, id -> send.run());
    }
  }

  /**
   * A streamed answer: the first event after time-to-first-token, the rest at the configured
   * tokens per second, then {@code terminal}. STALL stops half-way and goes silent; TRUNCATE cuts
   * the connection half-way.
   */
  static void stream(Vertx vertx, HttpServerRequest req, MockBehaviour b, List<Buffer> events, Buffer terminal) {
    req.response().putHeader("cache-control", "no-cache");
    stream(vertx, req, b, events, terminal, "text/event-stream; charset=utf-8",
        Buffer.buffer("data: {\"choices\": [{\"delta\": \n\n"));
  }

  /**
   * A streamed answer in any framing: {@code contentType} names it, and {@code malformed} is what a
   * MALFORMED fault sends instead of the answer (bytes that are not the protocol).
   */
  static void stream(Vertx vertx, HttpServerRequest req, MockBehaviour b, List<Buffer> events, Buffer terminal,
      String contentType, Buffer malformed) {
    HttpServerResponse resp = req.response();
    if (b.fault() == MockBehaviour.Fault.RESET) {
      req.connection().close();
      return;
    }
    if (b.fault() == MockBehaviour.Fault.MALFORMED) {
      // Malformed from the first event, before any content: what a broken provider looks like.
      resp.setChunked(true).putHeader("content-type", contentType).end(malformed);
      return;
    }
    resp.setChunked(true).putHeader("content-type", contentType);
    int limit = switch (b.fault()) {
      case STALL, TRUNCATE -> Math.max(1, events.size() / 2);
      default -> events.size();
    };
    Runnable begin = () -> new Pacer(vertx, req, b, events, limit, terminal).run();
    if (b.ttftMs() <= 0) {
      begin.run();
    } else {
      resp.write(Buffer.buffer()); // headers now, as real providers do
      vertx.setTimer(b.ttftMs(), id -> begin.run());
    }
  }

  private static final class Pacer {
    final Vertx vertx;
    final HttpServerRequest req;
    final MockBehaviour b;
    final List<Buffer> events;
    final int limit;
    final Buffer terminal;
    int next;

    Pacer(Vertx vertx, HttpServerRequest req, MockBehaviour b, List<Buffer> events, int limit, Buffer terminal) {
      this.vertx = vertx;
      this.req = req;
      this.b = b;
      this.events = events;
      this.limit = limit;
      this.terminal = terminal;
    }

    void run() {
      HttpServerResponse resp = req.response();
      if (resp.closed()) {
        return;
      }
      if (b.tokensPerSecond() <= 0) {
        Buffer all = Buffer.buffer();
        for (int i = 0; i < limit; i++) {
          all.appendBuffer(events.get(i));
        }
        next = limit;
        finish(all);
        return;
      }
      long tick = Math.max(1, Math.round(1000.0 / b.tokensPerSecond()));
      int perTick = (int) Math.max(1, Math.round(b.tokensPerSecond() * tick / 1000.0));
      step(perTick);
      if (next < limit) {
        vertx.setPeriodic(tick, id -> {
          if (resp.closed()) {
            vertx.cancelTimer(id);
            return;
          }
          step(perTick);
          if (next >= limit) {
            vertx.cancelTimer(id);
            finish(Buffer.buffer());
          }
        });
      } else {
        finish(Buffer.buffer());
      }
    }

    private void step(int n) {
      Buffer out = Buffer.buffer();
      for (int i = 0; i < n && next < limit; i++) {
        out.appendBuffer(events.get(next++));
      }
      if (out.length() > 0) {
        req.response().write(out);
      }
    }

    private void finish(Buffer pending) {
      HttpServerResponse resp = req.response();
      switch (b.fault()) {
        case STALL -> {
          if (pending.length() > 0) {
            resp.write(pending);
          }
        }
        case TRUNCATE -> {
          if (pending.length() > 0) {
            resp.write(pending);
          }
          req.connection().close();
        }
        default -> resp.end(pending.appendBuffer(terminal));
      }
    }
  }
}
