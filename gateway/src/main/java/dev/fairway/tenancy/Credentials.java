package dev.fairway.tenancy;

/**
 * Where a client's key is on the wire: {@code Authorization: Bearer <key>} (OpenAI's SDKs) or
 * {@code x-api-key: <key>} (Anthropic's). The value is never logged nor echoed.
 */
public final class Credentials {
  private Credentials() {}

  private static final String BEARER = "bearer ";

  /**
   * The presented credential: the bearer token when the Authorization header holds one, else the
   * x-api-key header; null when neither carries anything.
   */
  public static String presented(String authorization, String xApiKey) {
    if (authorization != null && authorization.length() > BEARER.length()
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).strip();
      if (!token.isEmpty()) {
        return token;
      }
    }
    if (xApiKey != null) {
      String token = xApiKey.strip();
      if (!token.isEmpty()) {
        return token;
      }
    }
    return null;
  }
}
