package dev.fairway.catalog;

import java.time.Duration;

/**
 * How dispatch treats one model's calls, by declared configuration only (never by owner).
 *
 * @param hedgeAfter start a second attempt on another deployment when no first token arrived
 *     within this time (null: no hedging)
 * @param ttftTimeout give up on a streamed attempt that produced no token within this time
 *     (null: the gateway default)
 */
public record ModelDispatch(Balancing balancing, Duration hedgeAfter, Duration ttftTimeout) {
  public static final ModelDispatch DEFAULT = new ModelDispatch(Balancing.WEIGHTED, null, null);

  public ModelDispatch {
    balancing = balancing == null ? Balancing.WEIGHTED : balancing;
  }
}
