package dev.fairway.dispatch;

import dev.fairway.catalog.Deployment;
import dev.fairway.provider.RateLimits;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What Fairway knows about one deployment right now: its circuit, calls in flight, recent latency,
 * whether the provider asked it to back off, and how much of its rate limits is left. Fed by call
 * events (see {@link DeploymentHealth}); read by the selectors. Thread-safe.
 */
public final class DeploymentState {
  private static final double EWMA_WEIGHT = 0.2;

  private final String modelId;
  private final Deployment deployment;
  private final CircuitBreaker breaker;
  private final LongSupplier ticker;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final MinuteWindow requests = new MinuteWindow();
  private final MinuteWindow tokens = new MinuteWindow();
  private volatile long cooldownUntil;
  private volatile double ewmaLatencyNanos = Double.NaN;
  private volatile double ewmaTtftNanos = Double.NaN;
  private volatile long providerRemainingRequests = -1;
  private volatile long providerRemainingTokens = -1;
  private volatile long providerResetAt;

  DeploymentState(String modelId, Deployment deployment, CircuitBreaker breaker, LongSupplier ticker) {
    this.modelId = modelId;
    this.deployment = deployment;
    this.breaker = breaker;
    this.ticker = ticker;
  }

  public String modelId() {
    return modelId;
  }

  public Deployment deployment() {
    return deployment;
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  public int outstanding() {
    return outstanding.get();
  }

  /** Expected latency of a call (EWMA of recent ones, time to first token for streams), or NaN before any. */
  public double ewmaLatencyNanos() {
    return ewmaLatencyNanos;
  }

  public double ewmaTtftNanos() {
    return ewmaTtftNanos;
  }

  /** Whether a call may be sent here now: circuit lets it through, no cooldown, limits not reached. */
  public boolean available() {
    long now = ticker.getAsLong();
    return breaker.isCallPermitted() && now >= cooldownUntil && headroom(now) > 0;
  }

  /** Nanoseconds until a cooldown (Retry-After) ends; 0 when none. */
  public long cooldownRemainingNanos() {
    return Math.max(0, cooldownUntil - ticker.getAsLong());
  }

  /**
   * The fraction (0..1] of this deployment's tightest limit that is left: configured RPM/TPM over
   * the last minute, and what the provider reported. 1 when nothing limits it; 0 when exhausted.
   */
  public double headroom() {
    return headroom(ticker.getAsLong());
  }

  private double headroom(long now) {
    double h = 1.0;
    if (deployment.rpm() > 0) {
      h = Math.min(h, 1.0 - (double) requests.sum(now) / deployment.rpm());
    }
    if (deployment.tpm() > 0) {
      h = Math.min(h, 1.0 - (double) tokens.sum(now) / deployment.tpm());
    }
    if (now < providerResetAt) {
      if (providerRemainingRequests == 0 || providerRemainingTokens == 0) {
        return 0;
      }
    }
    return Math.max(0, h);
  }

  /** Forgets failures, cooldowns and reported limits (calls in flight stay counted). */
  void reset() {
    breaker.forceClosed();
    cooldownUntil = 0;
    providerRemainingRequests = -1;
    providerRemainingTokens = -1;
    providerResetAt = 0;
  }

  // ------------------------------------------------------------- fed by events

  void started() {
    outstanding.incrementAndGet();
    requests.add(ticker.getAsLong(), 1);
  }

  void firstToken(long nanos) {
    ewmaTtftNanos = ewma(ewmaTtftNanos, nanos);
  }

  void succeeded(long totalTokens, long nanos, boolean stream) {
    outstanding.decrementAndGet();
    tokens.add(ticker.getAsLong(), totalTokens);
    if (!stream) {
      ewmaLatencyNanos = ewma(ewmaLatencyNanos, nanos);
    } else if (!Double.isNaN(ewmaTtftNanos)) {
      ewmaLatencyNanos = ewmaTtftNanos;
    }
    breaker.onSuccess();
  }

  /** A failure the deployment is responsible for: counts towards opening its circuit. */
  void failed(long nanos) {
    outstanding.decrementAndGet();
    ewmaLatencyNanos = ewma(ewmaLatencyNanos, nanos);
    breaker.onFailure();
  }

  /** The provider said "not now" (429, or 503 with Retry-After): rest until then, no circuit verdict. */
  void coolDown(long nanos) {
    outstanding.decrementAndGet();
    breaker.onAbandoned();
    long until = ticker.getAsLong() + nanos;
    if (until > cooldownUntil) {
      cooldownUntil = until;
    }
  }

  /** A call abandoned for reasons not the deployment's (client gone, hedge lost, client's deadline, bad request). */
  void neutral() {
    outstanding.decrementAndGet();
    breaker.onAbandoned();
  }

  void observe(RateLimits limits) {
    long now = ticker.getAsLong();
    providerRemainingRequests = limits.remainingRequests();
    providerRemainingTokens = limits.remainingTokens();
    long reset = 0;
    if (limits.remainingRequests() == 0 && limits.resetRequests() != null) {
      reset = Math.max(reset, limits.resetRequests().toNanos());
    }
    if (limits.remainingTokens() == 0 && limits.resetTokens() != null) {
      reset = Math.max(reset, limits.resetTokens().toNanos());
    }
    providerResetAt = now + (reset > 0 ? reset : 1_000_000_000L);
  }

  private static double ewma(double old, long sample) {
    return Double.isNaN(old) ? sample : old + EWMA_WEIGHT * (sample - old);
  }

  /** Counts over the last minute in one-second buckets. */
  private static final class MinuteWindow {
    private final long[] counts = new long[60];
    private final long[] seconds = new long[60];

    synchronized void add(long now, long n) {
      long s = now / 1_000_000_000L;
      int i = (int) Math.floorMod(s, 60L);
      if (seconds[i] != s) {
        seconds[i] = s;
        counts[i] = 0;
      }
      counts[i] += n;
    }

    synchronized long sum(long now) {
      long s = now / 1_000_000_000L;
      long total = 0;
      for (int i = 0; i < 60; i++) {
        if (s - seconds[i] < 60 && seconds[i] <= s) {
          total += counts[i];
        }
      }
      return total;
    }
  }

  @Override
  public String toString() {
    return modelId + "@" + deployment.id() + "[" + breaker.state() + ", outstanding " + outstanding() + "]";
  }
}
