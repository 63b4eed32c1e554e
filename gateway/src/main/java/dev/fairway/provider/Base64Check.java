package dev.fairway.provider;

/** Checks base64 text without decoding it (images can be megabytes; decoding them only to validate is waste). */
public final class Base64Check {
  private Base64Check() {}

  /** True for standard-alphabet base64 with correct padding (no whitespace, no URL-safe alphabet). */
  public static boolean isValid(String s) {
    int n = s.length();
    if (n == 0 || n % 4 != 0) {
      return false;
    }
    int pad = 0;
    if (s.charAt(n - 1) == '=') {
      pad++;
      if (s.charAt(n - 2) == '=') {
        pad++;
      }
    }
    for (int i = 0; i < n - pad; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
