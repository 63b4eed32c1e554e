package dev.fairway.config;

import java.time.Duration;

/**
 * {@code routing.sticky}: a conversation keeps the model a router first chose for it, so that its
 * provider's prompt cache stays warm. Off by default.
 *
 * @param ttl a session not seen for this long is forgotten
 * @param maxSessions sessions remembered at once (least recently used forgotten first)
 */
public record StickySessions(boolean enabled, Duration ttl, int maxSessions) {
  public static final StickySessions OFF = new StickySessions(false, Duration.ofHours(1), 100_000);
}
