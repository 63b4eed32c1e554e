package dev.fairway.tenancy;

import java.util.function.BiConsumer;

/**
 * OpenAI's rate-limit response headers ({@code x-ratelimit-limit-requests}, {@code
 * -remaining-requests}, {@code -reset-requests} and the {@code -tokens} trio) for the tightest
 * applicable limit; a trio is absent when no RPM (or TPM) limit applies. Resets are the time
 * until the window is empty again, in OpenAI's format ({@code 1s}, {@code 6m0s}, {@code 250ms}).
 * A value below zero means absent.
 */
public record RateLimitHeaders(long limitRequests, long remainingRequests, long resetRequestsMs, long limitTokens,
    long remainingTokens, long resetTokensMs) {
  public static final RateLimitHeaders NONE = new RateLimitHeaders(-1, -1, -1, -1, -1, -1);

  public boolean isEmpty() {
    return limitRequests < 0 && limitTokens < 0;
  }

  /** Calls {@code header} with each header's name and value. */
  public void forEach(BiConsumer<String, String> header) {
    if (limitRequests >= 0) {
      header.accept("x-ratelimit-limit-requests", Long.toString(limitRequests));
      header.accept("x-ratelimit-remaining-requests", Long.toString(Math.max(0, remainingRequests)));
      header.accept("x-ratelimit-reset-requests", duration(resetRequestsMs));
    }
    if (limitTokens >= 0) {
      header.accept("x-ratelimit-limit-tokens", Long.toString(limitTokens));
      header.accept("x-ratelimit-remaining-tokens", Long.toString(Math.max(0, remainingTokens)));
      header.accept("x-ratelimit-reset-tokens", duration(resetTokensMs));
    }
  }

  /** A duration as OpenAI writes it: {@code 0s}, {@code 250ms}, {@code 1.5s}, {@code 6m0s}, {@code 1h2m3s}. */
  public static String duration(long ms) {
    if (ms <= 0) {
      return "0s";
    }
    if (ms < 1000) {
      return ms + "ms";
    }
    long h = ms / 3_600_000;
    long m = (ms / 60_000) % 60;
    long s = (ms / 1000) % 60;
    long frac = ms % 1000;
    StringBuilder sb = new StringBuilder();
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    sb.append(s);
    if (frac > 0) {
      sb.append('.').append((char) ('0' + frac / 100));
      if (frac % 100 != 0) {
        sb.append((char) ('0' + frac / 10 % 10));
        if (frac % 10 != 0) {
          sb.append((char) ('0' + frac % 10));
        }
      }
    }
    return sb.append('s').toString();
  }
}
