package dev.fairway.catalog;

import java.time.Duration;

/**
 * How dispatch treats one model's calls, by declared configuration only (never by owner).
 *
 * @param hedgeAfter start a second attempt on another deployment when no first token arrived
 *     within this time (null: no hedging)
 * @param ttftTimeout give up on a streamed attempt that produced no token within this time
 *     (null: the gateway default)
 * @param streamIdleTimeout fail an attempt whose upstream body is silent this long between two
 *     chunks (null: the gateway default)
 * @param headersTimeout fail a streamed attempt whose provider sends no response headers within
 *     this (null: the gateway default)
 */
public record ModelDispatch(Balancing balancing, Duration hedgeAfter, Duration ttftTimeout, Duration streamIdleTimeout,
    Duration headersTimeout) {
  public static final ModelDispatch DEFAULT = new ModelDispatch(Balancing.WEIGHTED, null, null);

  public ModelDispatch {
    balancing = balancing == null ? Balancing.WEIGHTED : balancing;
  }

  public ModelDispatch(Balancing balancing, Duration hedgeAfter, Duration ttftTimeout) {
    this(balancing, hedgeAfter, ttftTimeout, null, null);
  }
}
