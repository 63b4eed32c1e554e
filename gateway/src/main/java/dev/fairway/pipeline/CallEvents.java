package dev.fairway.pipeline;

import dev.fairway.api.GatewayError;
import dev.fairway.api.Usage;
import dev.fairway.routing.RouteDecision;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to requests, reported as it happens: a bracket per request ({@link
 * #requestStarted}, {@link #routed}, {@link #requestFinished}, each exactly once, the last for
 * every request that reached a model endpoint, answered, streamed, failed or abandoned) and the
 * attempts in between. Metering, metrics, live latency statistics, the ledger and the decision
 * log listen here; nothing on the request path waits for them. Callbacks run on the request's
 * event loop and must not block. Watching is separate from changing: a listener cannot alter a
 * request.
 */
public interface CallEvents extends AutoCloseable {
  CallEvents NONE = new CallEvents() {};

  /** A request arrived at a model endpoint; its body may not be decoded yet. */
  default void requestStarted(RequestContext ctx) {}

  /** Routing decided the request's candidates (named model or router). */
  default void routed(RequestContext ctx, RouteDecision decision) {}

  default void attemptStarted(Attempt a) {}

  /** The first content token of an attempt arrived (streams), {@code nanos} after the attempt began. */
  default void firstToken(Attempt a, long nanos) {}

  default void attemptSucceeded(Attempt a, Usage usage, long nanos) {}

  /** An attempt failed; {@code partial} is what was consumed before the failure (zero if unknown). */
  default void attemptFailed(Attempt a, GatewayError error, Usage partial, long nanos) {}

  /**
   * The request is over: fired once, as its last bytes are handed to the client's socket (before,
   * so that a journaling listener has the record before the client can see the answer), or when
   * the client goes away, or as its error is written.
   */
  default void requestFinished(RequestContext ctx, Finished finished) {}

  /** The gateway is closing; flush and release. */
  @Override
  default void close() {}

  /**
   * Fan-out to several listeners. A listener that throws never breaks the request or the other
   * listeners; its failure is logged once per listener and kind, then at most once a minute with
   * a count of what was suppressed. {@link #close} closes every listener.
   */
  static CallEvents all(List<CallEvents> listeners) {
    return new Fanout(listeners, System::nanoTime);
  }

  static CallEvents all(List<CallEvents> listeners, LongSupplier ticker) {
    return new Fanout(listeners, ticker);
  }

  /** See {@link #all}. */
  final class Fanout implements CallEvents {
    private static final Logger log = LoggerFactory.getLogger(CallEvents.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final CallEvents[] ls;
    private final LongSupplier ticker;
    private final Map<String, Suppression> failures = new ConcurrentHashMap<>();

    private record Suppression(AtomicLong lastLogged, AtomicLong suppressed) {}

    Fanout(List<CallEvents> listeners, LongSupplier ticker) {
      this.ls = listeners.stream().filter(l -> l != NONE).toArray(CallEvents[]::new);
      this.ticker = ticker;
    }

    private void failed(CallEvents l, String kind, RuntimeException e) {
      String key = l.getClass().getName() + '#' + kind;
      long now = ticker.getAsLong();
      Suppression s = failures.computeIfAbsent(key, k -> new Suppression(new AtomicLong(now - LOG_EVERY_NANOS),
          new AtomicLong()));
      long last = s.lastLogged().get();
      if (now - last >= LOG_EVERY_NANOS && s.lastLogged().compareAndSet(last, now)) {
        long n = s.suppressed().getAndSet(0);
        log.warn("call-event listener {} failed in {}{}: {}", l.getClass().getName(), kind,
            n > 0 ? " (" + n + " more failures since the last report)" : "", e.toString());
      } else {
        s.suppressed().incrementAndGet();
      }
    }

    @Override
    public void requestStarted(RequestContext ctx) {
      for (CallEvents l : ls) {
        try { l.requestStarted(ctx); } catch (RuntimeException e) { failed(l, "requestStarted", e); }
      }
    }

    @Override
    public void routed(RequestContext ctx, RouteDecision decision) {
      for (CallEvents l : ls) {
        try { l.routed(ctx, decision); } catch (RuntimeException e) { failed(l, "routed", e); }
      }
    }

    @Override
    public void attemptStarted(Attempt a) {
      for (CallEvents l : ls) {
        try { l.attemptStarted(a); } catch (RuntimeException e) { failed(l, "attemptStarted", e); }
      }
    }

    @Override
    public void firstToken(Attempt a, long nanos) {
      for (CallEvents l : ls) {
        try { l.firstToken(a, nanos); } catch (RuntimeException e) { failed(l, "firstToken", e); }
      }
    }

    @Override
    public void attemptSucceeded(Attempt a, Usage usage, long nanos) {
      for (CallEvents l : ls) {
        try { l.attemptSucceeded(a, usage, nanos); } catch (RuntimeException e) { failed(l, "attemptSucceeded", e); }
      }
    }

    @Override
    public void attemptFailed(Attempt a, GatewayError error, Usage partial, long nanos) {
      for (CallEvents l : ls) {
        try { l.attemptFailed(a, error, partial, nanos); } catch (RuntimeException e) { failed(l, "attemptFailed", e); }
      }
    }

    @Override
    public void requestFinished(RequestContext ctx, Finished finished) {
      for (CallEvents l : ls) {
        try { l.requestFinished(ctx, finished); } catch (RuntimeException e) { failed(l, "requestFinished", e); }
      }
    }

    @Override
    public void close() {
      for (CallEvents l : ls) {
        try { l.close(); } catch (RuntimeException e) { failed(l, "close", e); }
      }
    }
  }
}
