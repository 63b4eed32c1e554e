package dev.fairway.config;

/**
 * Checks on values that end up in HTTP requests (keys, header values, URLs): a stray newline or
 * space copied with a key would otherwise load fine and then fail every call with a confusing
 * transport error. The checks never repeat the value; it may be a secret.
 */
final class ValueChecks {
  private ValueChecks() {}

  /** Rejects CR, LF and other control characters, and leading or trailing whitespace. */
  static String clean(YamlSource src, String at, String value) {
    if (value == null) {
      return null;
    }
    String from = src.envVariableAt(at) == null ? "" : " (from ${" + src.envVariableAt(at) + "})";
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        throw src.error(at, "contains a line break (CR or LF)" + from + "; remove it");
      }
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw src.error(at, "contains a control character (code " + (int) c + ")" + from + "; remove it");
      }
    }
    if (!value.isEmpty() && (Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1)))) {
      throw src.error(at, "has leading or trailing whitespace" + from + "; remove it");
    }
    return value;
  }

  /** An HTTP header name: an RFC 9110 token. */
  static String headerName(YamlSource src, String at, String name) {
    if (name == null || name.isEmpty() || !name.chars().allMatch(ValueChecks::tokenChar)) {
      throw src.error(at, "not a valid HTTP header name");
    }
    return name;
  }

  private static boolean tokenChar(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }
}
