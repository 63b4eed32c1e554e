package dev.fairway.ingress;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Watches one event loop's client connections: a connection with no request in flight for longer
 * than the idle limit is closed, including a new one that never completes its request head (a
 * slow-headers attack) and a keep-alive connection left open. While a request is in flight the
 * connection is not idle, however long the provider takes; its body has its own limits (see
 * {@link BodyReader}). Each connection also gets its share of the body budget here.
 *
 * <p>One timer per idle connection at most, re-armed lazily: a request does not cancel and
 * re-create a timer, it only moves a timestamp.
 */
final class ConnectionGuard {
  private final Vertx vertx;
  private final LongSupplier ticker;
  private final long idleNanos;
  private final BodyBudget budget;
  private final long share;
  private final Map<HttpConnection, State> connections = new IdentityHashMap<>();

  /** What the guard knows of one connection. */
  static final class State {
    final BodyBudget.Account account;
    int inFlight;
    long idleSince;
    boolean timerArmed;

    State(BodyBudget.Account account) {
      this.account = account;
    }
  }

  /**
   * @param share the most body bytes one connection may hold at once (HTTP/2 multiplexes
   *     requests on one connection; HTTP/1.1 holds one body at a time)
   */
  ConnectionGuard(Vertx vertx, LongSupplier ticker, Duration idle, BodyBudget budget, long share) {
    this.vertx = vertx;
    this.ticker = ticker;
    this.idleNanos = idle.toNanos();
    this.budget = budget;
    this.share = share;
  }

  /** A new connection: idle until its first request head is complete. */
  void opened(HttpConnection c) {
    State s = state(c);
    c.closeHandler(v -> closed(c));
    arm(c, s);
  }

  /** The connection's state, created on first sight. */
  State state(HttpConnection c) {
    State s = connections.get(c);
    if (s == null) {
      s = new State(budget.account(share));
      s.idleSince = ticker.getAsLong();
      connections.put(c, s);
    }
    return s;
  }

  void requestStarted(HttpConnection c) {
    state(c).inFlight++;
  }

  void requestFinished(HttpConnection c) {
    State s = connections.get(c);
    if (s == null) {
      return; // already closed
    }
    if (s.inFlight > 0 && --s.inFlight == 0) {
      s.idleSince = ticker.getAsLong();
      arm(c, s);
    }
  }

  /** Connections this guard watches now. */
  int open() {
    return connections.size();
  }

  private void closed(HttpConnection c) {
    State s = connections.remove(c);
    if (s != null && s.account.held() > 0) {
      s.account.release(s.account.held());
    }
  }

  private void arm(HttpConnection c, State s) {
    if (s.timerArmed) {
      return;
    }
    long remaining = idleNanos - (ticker.getAsLong() - s.idleSince);
    s.timerArmed = true;
    vertx.setTimer(Math.max(1, remaining / 1_000_000), id -> fire(c));
  }

  private void fire(HttpConnection c) {
    State s = connections.get(c);
    if (s == null) {
      return;
    }
    s.timerArmed = false;
    if (s.inFlight > 0) {
      return; // re-armed when the request finishes
    }
    if (ticker.getAsLong() - s.idleSince >= idleNanos) {
      c.close();
    } else {
      arm(c, s);
    }
  }
}
