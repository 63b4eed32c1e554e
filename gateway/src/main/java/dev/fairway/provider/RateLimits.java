package dev.fairway.provider;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provider said about its remaining rate limit on a response: OpenAI's
 * {@code x-ratelimit-remaining-requests|tokens} with {@code x-ratelimit-reset-*} durations
 * ("6m0s", "1.5s", "20ms"), and Anthropic's {@code anthropic-ratelimit-*-remaining} with RFC 3339
 * reset times. Unknown values are -1 / null.
 */
public record RateLimits(long remainingRequests, long remainingTokens, Duration resetRequests, Duration resetTokens) {

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  public boolean isEmpty() {
    return remainingRequests < 0 && remainingTokens < 0;
  }

  /** Reads whichever family of headers the response carries; null when it carries none. */
  public static RateLimits from(MultiMap h, Instant now) {
    long rr = number(h.get("x-ratelimit-remaining-requests"));
    long rt = number(h.get("x-ratelimit-remaining-tokens"));
    Duration resetR = goDuration(h.get("x-ratelimit-reset-requests"));
    Duration resetT = goDuration(h.get("x-ratelimit-reset-tokens"));
    if (rr < 0 && rt < 0) {
      rr = number(h.get("anthropic-ratelimit-requests-remaining"));
      rt = number(h.get("anthropic-ratelimit-tokens-remaining"));
      if (rt < 0) {
        long in = number(h.get("anthropic-ratelimit-input-tokens-remaining"));
        long out = number(h.get("anthropic-ratelimit-output-tokens-remaining"));
        rt = in < 0 ? out : out < 0 ? in : Math.min(in, out);
      }
      resetR = until(h.get("anthropic-ratelimit-requests-reset"), now);
      resetT = until(h.get("anthropic-ratelimit-tokens-reset"), now);
    }
    if (rr < 0 && rt < 0) {
      return null;
    }
    return new RateLimits(rr, rt, resetR, resetT);
  }

  private static long number(String s) {
    if (s == null) {
      return -1;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Go-style durations as OpenAI sends them: "1s", "6m0s", "1h2m3.5s", "250ms". */
  static Duration goDuration(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    Matcher m = GO_DURATION.matcher(s.trim());
    double nanos = 0;
    boolean any = false;
    while (m.find()) {
      any = true;
      double v = Double.parseDouble(m.group(1));
      nanos += switch (m.group(2)) {
        case "h" -> v * 3.6e12;
        case "m" -> v * 6e10;
        case "s" -> v * 1e9;
        default -> v * 1e6;
      };
    }
    return any ? Duration.ofNanos((long) nanos) : null;
  }

  private static Duration until(String rfc3339, Instant now) {
    if (rfc3339 == null) {
      return null;
    }
    try {
      Duration d = Duration.between(now, OffsetDateTime.parse(rfc3339.trim()).toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
