package dev.fairway.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.Message;
import dev.fairway.api.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which model each recent conversation was routed to, so that a router keeps it for the
 * conversation's later turns (see {@link StickySessions}). Bounded: entries expire after the
 * configured idle time and the least recently used go first past the size limit.
 *
 * <p>A conversation is identified, in order of preference, by the client's {@code x-fairway-session}
 * header, by Claude Code's {@code x-claude-code-session-id}, or by a digest of the conversation's
 * opening (its system prompt and first user message), which an agent resends unchanged every
 * turn. A digest only makes a request a later turn when it carries earlier assistant turns, so
 * repeated one-shot prompts are routed afresh each time. Keys are scoped by tenant and router.
 */
public final class Conversations {
  public static final String SESSION_HEADER = "x-fairway-session";
  public static final String CLAUDE_CODE_SESSION_HEADER = "x-claude-code-session-id";

  private final StickySessions settings;
  private final Cache<String, String> models;

  public Conversations(StickySessions settings) {
    this.settings = settings;
    this.models = Caffeine.newBuilder().expireAfterAccess(settings.ttl()).maximumSize(settings.maxSessions()).build();
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * The conversation's key, or null when stickiness is off or the request names no session.
   *
   * @param header the request's headers by lower-case name
   * @return the key and whether the request continues the conversation (it may be its first turn)
   */
  public Key key(String tenant, String router, ChatRequest req, java.util.function.Function<String, String> header) {
    if (!settings.enabled()) {
      return null;
    }
    String scope = (tenant == null ? "-" : tenant) + '\u0000' + router + '\u0000';
    String s = header.apply(SESSION_HEADER);
    if (s == null || s.isBlank()) {
      s = header.apply(CLAUDE_CODE_SESSION_HEADER);
    }
    if (s != null && !s.isBlank()) {
      return new Key(scope + "h:" + s.trim(), true);
    }
    String opening = opening(req);
    if (opening == null) {
      return null;
    }
    boolean later = req.messages().stream().anyMatch(m -> m.role() == Role.ASSISTANT);
    return new Key(scope + "d:" + digest(opening), later);
  }

  /**
   * A conversation's identity.
   *
   * @param continues true when the request may continue an earlier turn (a session header, or
   *     earlier assistant turns in the request): only then is a remembered model kept
   */
  public record Key(String value, boolean continues) {}

  /** The model the conversation was last served by, if it continues one. */
  public String modelFor(Key key) {
    return key == null || !key.continues() ? null : models.getIfPresent(key.value());
  }

  /** Records the model that served the conversation's latest turn. */
  public void remember(Key key, String model) {
    if (key != null && model != null) {
      models.put(key.value(), model);
    }
  }

  public long size() {
    models.cleanUp();
    return models.estimatedSize();
  }

  private static String opening(ChatRequest req) {
    StringBuilder sb = new StringBuilder();
    boolean user = false;
    for (Message m : req.messages()) {
      if (m.role() == Role.SYSTEM || (m.role() == Role.USER && !user)) {
        sb.append(m.role()).append('\u0000');
        for (ContentPart p : m.content()) {
          if (p instanceof ContentPart.Text t) {
            sb.append(t.text());
          }
        }
        sb.append('\u0000');
        user |= m.role() == Role.USER;
      }
      if (user) {
        break;
      }
    }
    return user ? sb.toString() : null;
  }

  private static String digest(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
