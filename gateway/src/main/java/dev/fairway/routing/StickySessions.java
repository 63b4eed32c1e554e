package dev.fairway.routing;

import java.time.Duration;

/**
 * {@code routing.sticky}: within one conversation a router keeps the model it first chose, unless
 * that model fails or can no longer take the prompt, so a tool loop does not hop between models
 * mid-task and its provider's prompt cache stays warm. Off by default.
 *
 * @param ttl a conversation not seen for this long is forgotten
 * @param maxSessions conversations remembered at once (least recently used forgotten first)
 */
public record StickySessions(boolean enabled, Duration ttl, int maxSessions) {
  public static final StickySessions OFF = new StickySessions(false, Duration.ofHours(1), 100_000);
  /** On, an hour of idleness, a hundred thousand conversations (a few MB). */
  public static final StickySessions DEFAULT = new StickySessions(true, Duration.ofHours(1), 100_000);
}
