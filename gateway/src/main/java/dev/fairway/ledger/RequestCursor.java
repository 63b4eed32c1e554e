package dev.fairway.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of the request log ended: the last row's (start time, request id). Clients see it
 * as an opaque token; the next page starts strictly after it in newest-first order (keyset paging,
 * so page N costs what page 1 costs).
 */
public record RequestCursor(long startedMs, String requestId) {
  private static final String VERSION = "1";

  public String encode() {
    String s = VERSION + ":" + startedMs + ":" + requestId;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException when {@code token} is not a cursor this gateway made */
  public static RequestCursor decode(String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] p = s.split(":", 3);
      if (p.length != 3 || !p[0].equals(VERSION) || p[2].isEmpty()) {
        throw new IllegalArgumentException("not a cursor");
      }
      return new RequestCursor(Long.parseLong(p[1]), p[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a cursor", e);
    }
  }
}
