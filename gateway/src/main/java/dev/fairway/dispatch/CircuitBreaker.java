package dev.fairway.dispatch;

import dev.fairway.config.DispatchSettings;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps calls away from a deployment that keeps failing. CLOSED: calls flow and outcomes are
 * counted; it OPENs after {@code consecutiveFailures} failures in a row, or when the failure rate
 * over the last {@code window} calls reaches {@code failureRate} (with at least {@code minCalls}).
 * OPEN: no calls until {@code openFor} has passed, then HALF_OPEN: {@code probes} trial calls; a
 * success closes it, a failure opens it again. Thread-safe (one small lock per deployment);
 * time comes from the injected ticker.
 */
public final class CircuitBreaker {

  public enum State { CLOSED, OPEN, HALF_OPEN }

  /** When a breaker opens and for how long. */
  public record Config(int consecutiveFailures, double failureRate, int window, int minCalls, Duration openFor,
      int probes) {
    public Config {
      if (consecutiveFailures < 1 || window < 1 || minCalls < 1 || probes < 1 || failureRate <= 0 || failureRate > 1
          || openFor.isNegative()) {
        throw new IllegalArgumentException("invalid circuit breaker settings");
      }
    }

    /** The breaker the gateway's default dispatch settings describe. */
    public static Config defaults() {
      return from(DispatchSettings.Breaker.defaults());
    }

    public static Config from(DispatchSettings.Breaker b) {
      return new Config(b.consecutiveFailures(), b.failureRate(), b.window(), b.minCalls(), b.openFor(), b.probes());
    }
  }

  private final Config config;
  private final LongSupplier ticker;
  private final boolean[] outcomes; // ring of recent results, true = failure
  private int filled;
  private int next;
  private int failuresInWindow;
  private int consecutive;
  private State state = State.CLOSED;
  private long openedAt;
  private int probesInFlight;
  private long opens;

  public CircuitBreaker(Config config, LongSupplier ticker) {
    this.config = config;
    this.ticker = ticker;
    this.outcomes = new boolean[config.window()];
  }

  /** Whether a call may go to this deployment now; in HALF_OPEN this claims one of the probes. */
  public synchronized boolean tryAcquire() {
    switch (current()) {
      case CLOSED:
        return true;
      case OPEN:
        return false;
      default:
        if (probesInFlight < config.probes()) {
          probesInFlight++;
          return true;
        }
        return false;
    }
  }

  /** Whether a call would be let through now, without claiming a probe (for choosing among deployments). */
  public synchronized boolean isCallPermitted() {
    State s = current();
    return s == State.CLOSED || (s == State.HALF_OPEN && probesInFlight < config.probes());
  }

  public synchronized void onSuccess() {
    if (current() == State.HALF_OPEN) {
      reset();
      return;
    }
    consecutive = 0;
    record(false);
  }

  public synchronized void onFailure() {
    State s = current();
    if (s == State.HALF_OPEN) {
      open();
      return;
    }
    if (s == State.OPEN) {
      return;
    }
    consecutive++;
    record(true);
    if (consecutive >= config.consecutiveFailures()
        || (filled >= config.minCalls() && failuresInWindow >= config.failureRate() * filled)) {
      open();
    }
  }

  /** A call that was let through and then abandoned (cancelled) frees its probe without a verdict. */
  public synchronized void onAbandoned() {
    if (state == State.HALF_OPEN && probesInFlight > 0) {
      probesInFlight--;
    }
  }

  public synchronized State state() {
    return current();
  }

  /** How many times this breaker has opened. */
  public synchronized long opens() {
    return opens;
  }

  private State current() {
    if (state == State.OPEN && ticker.getAsLong() - openedAt >= config.openFor().toNanos()) {
      state = State.HALF_OPEN;
      probesInFlight = 0;
    }
    return state;
  }

  private void open() {
    state = State.OPEN;
    openedAt = ticker.getAsLong();
    opens++;
    probesInFlight = 0;
  }

  /** Back to CLOSED with no history (an operator's reset). */
  public synchronized void forceClosed() {
    reset();
  }

  private void reset() {
    state = State.CLOSED;
    consecutive = 0;
    filled = 0;
    next = 0;
    failuresInWindow = 0;
    probesInFlight = 0;
    java.util.Arrays.fill(outcomes, false);
  }

  private void record(boolean failure) {
    if (filled == outcomes.length) {
      if (outcomes[next]) {
        failuresInWindow--;
      }
    } else {
      filled++;
    }
    outcomes[next] = failure;
    if (failure) {
      failuresInWindow++;
    }
    next = (next + 1) % outcomes.length;
  }
}
