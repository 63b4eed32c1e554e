package dev.fairway.ingress;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every request head passes before any route sees it: a Host header naming this
 * gateway (DNS rebinding), a path without encoded dot segments, encoded separators or bad escapes
 * (so {@code /v1/%2e%2e/admin} cannot reach {@code /admin}), and no cross-origin browser request
 * unless CORS allows its origin (a page on another site cannot spend or administer through the
 * operator's browser). A pure function of the head, so every rule is testable without a socket.
 */
final class FrontDoor {
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

  private final Set<String> hosts;
  private final List<String> suffixes;
  private final boolean anyHost;
  private final Cors cors;

  /**
   * @param configured {@code server.allowed_hosts}; empty means loopback names and the bound address
   * @param bindHost {@code server.host}
   */
  FrontDoor(List<String> configured, String bindHost, Cors cors) {
    this.cors = cors;
    Set<String> h = new LinkedHashSet<>();
    List<String> sfx = new java.util.ArrayList<>();
    boolean any = false;
    if (configured.isEmpty()) {
      h.addAll(LOOPBACK_NAMES);
      h.addAll(boundNames(bindHost));
    }
    for (String c : configured) {
      if (c.equals("*")) {
        any = true;
      } else if (c.startsWith(".")) {
        sfx.add(c);
      } else {
        h.add(stripBrackets(c));
      }
    }
    this.hosts = Set.copyOf(h);
    this.suffixes = List.copyOf(sfx);
    this.anyHost = any;
  }

  /** The names of the bound address: itself, or for a wildcard every local address and the host name. */
  static Set<String> boundNames(String bindHost) {
    Set<String> out = new LinkedHashSet<>();
    String b = stripBrackets(bindHost.toLowerCase(Locale.ROOT));
    if (!b.equals("0.0.0.0") && !b.equals("::") && !b.equals("0:0:0:0:0:0:0:0")) {
      out.add(b);
      return out;
    }
    try {
      InetAddress local = InetAddress.getLocalHost();
      out.add(local.getHostName().toLowerCase(Locale.ROOT));
      out.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
    } catch (java.io.IOException ignored) {
      // no resolvable host name: addresses only
    }
    try {
      Enumeration<NetworkInterface> nis = NetworkInterface.getNetworkInterfaces();
      while (nis != null && nis.hasMoreElements()) {
        nis.nextElement().inetAddresses().forEach(a -> {
          String s = a.getHostAddress().toLowerCase(Locale.ROOT);
          int zone = s.indexOf('%');
          out.add(zone < 0 ? s : s.substring(0, zone));
        });
      }
    } catch (SocketException ignored) {
      // then only the names above
    }
    return out;
  }

  /** Why this request head is refused, or null when it may go on. */
  GatewayError check(String rawPath, String host, String origin) {
    GatewayError p = path(rawPath);
    if (p != null) {
      return p;
    }
    if (host == null || host.isBlank()) {
      return GatewayError.invalid("The request has no Host header (HTTP/1.1 requires one).", null,
          Reason.MALFORMED_REQUEST);
    }
    if (!hostAllowed(host)) {
      return GatewayError.of(ErrorKind.PERMISSION, Reason.HOST_NOT_ALLOWED, "Host '" + ClientErrorLog.oneLine(host)
          + "' is not served here; add it to server.allowed_hosts to allow it.");
    }
    if (origin != null && !sameOrigin(origin, host) && !cors.allows(origin)) {
      return GatewayError.of(ErrorKind.PERMISSION, Reason.CROSS_ORIGIN_NOT_ALLOWED, "Requests from web pages on "
          + ClientErrorLog.oneLine(origin) + " are not allowed; list the origin under server.cors.allowed_origins"
          + " to allow them.");
    }
    return null;
  }

  /** Encoded dot segments, encoded slashes or backslashes, control characters, bad escapes: refused. */
  static GatewayError path(String raw) {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
      return GatewayError.invalid("The request target must be a path starting with '/'.", null, Reason.INVALID_PATH);
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          return GatewayError.invalid("The path has an invalid percent-escape.", null, Reason.MALFORMED_REQUEST);
        }
        int b = hi * 16 + lo;
        if (b == '.' || b == '/' || b == '\\' || b < 0x20 || b == 0x7f) {
          return GatewayError.invalid("The path has an encoded '.', '/', '\\' or control character, which is not"
              + " allowed.", null, Reason.INVALID_PATH);
        }
        i += 2;
      } else if (c == '\\' || c < 0x20 || c == 0x7f) {
        return GatewayError.invalid("The path has a backslash or a control character, which is not allowed.", null,
            Reason.INVALID_PATH);
      }
    }
    // A dot segment always follows a '/', so most paths skip the split.
    for (String seg : raw.contains("/.") ? raw.split("/", -1) : new String[0]) {
      if (seg.equals(".") || seg.equals("..")) {
        return GatewayError.invalid("The path has a '.' or '..' segment, which is not allowed.", null,
            Reason.INVALID_PATH);
      }
    }
    return null;
  }

  boolean hostAllowed(String hostHeader) {
    if (anyHost) {
      return true;
    }
    String h = hostPart(hostHeader);
    if (h == null) {
      return false;
    }
    if (hosts.contains(h)) {
      return true;
    }
    for (String s : suffixes) {
      if (h.endsWith(s)) {
        return true;
      }
    }
    return false;
  }

  /** The host of a Host header, lower-cased, without port, brackets or a trailing dot; null if malformed. */
  static String hostPart(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) {
        return null;
      }
      String rest = h.substring(end + 1);
      if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
        return null;
      }
      return h.substring(1, end);
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      if (!h.substring(colon + 1).matches("\\d{1,5}")) {
        return null;
      }
      h = h.substring(0, colon);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.isEmpty() ? null : h;
  }

  /** A browser's request to the origin that served its page: the gateway's own (future) console. */
  static boolean sameOrigin(String origin, String hostHeader) {
    try {
      URI o = URI.create(origin.trim());
      if (o.getHost() == null) {
        return false;
      }
      String authority = o.getRawAuthority().toLowerCase(Locale.ROOT);
      String host = hostHeader.trim().toLowerCase(Locale.ROOT);
      int defaultPort = "https".equals(o.getScheme()) ? 443 : 80;
      return authority.equals(host) || authority.equals(host + ":" + defaultPort)
          || host.equals(authority + ":" + defaultPort);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String stripBrackets(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}
