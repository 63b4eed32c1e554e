package dev.fairway.config;

import dev.fairway.catalog.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Validates the {@code server:} section into a {@link ServerConfig}. */
final class ServerSection {
  private ServerSection() {}

  static final String MASTER_KEY_ENV = "FAIRWAY_MASTER_KEY";
  static final int MIN_MASTER_KEY_LENGTH = 16;

  static ServerConfig read(YamlSource src, RawConfig.Server s, Map<String, String> env) {
    ServerConfig d = ServerConfig.defaults();
    Secret envMaster = masterKeyFromEnv(env);
    if (s == null) {
      return envMaster == null ? d : new ServerConfig(d.host(), d.port(), d.maxBodyBytes(), d.requestTimeout(),
          d.maxBufferedBytes(), envMaster, null, List.of(), null, false, null);
    }
    int port = s.port() == null ? d.port() : s.port();
    if (port < 0 || port > 65535) {
      throw src.error("/server/port", "port must be between 0 and 65535, got " + port);
    }
    long maxBody = s.maxBodyBytes() == null ? d.maxBodyBytes() : s.maxBodyBytes();
    if (maxBody < 1024) {
      throw src.error("/server/max_body_bytes", "must be at least 1024, got " + maxBody);
    }
    Duration timeout = s.requestTimeoutMs() == null ? d.requestTimeout() : Duration.ofMillis(s.requestTimeoutMs());
    if (timeout.isNegative() || timeout.isZero()) {
      throw src.error("/server/request_timeout_ms", "must be positive");
    }
    long buffered = s.maxBufferedBytes() == null ? 0 : s.maxBufferedBytes();
    if (buffered < 0) {
      throw src.error("/server/max_buffered_bytes", "must be 0 (automatic) or positive, got " + buffered);
    }
    Secret fileMaster = s.masterKey() == null ? null : secret(src, "/server/master_key", s.masterKey());
    Secret master = fileMaster == null ? envMaster : fileMaster;
    if (fileMaster != null && master.value().length() < MIN_MASTER_KEY_LENGTH) {
      throw src.error("/server/master_key", "the master key must be at least " + MIN_MASTER_KEY_LENGTH
          + " characters long");
    }
    Secret metrics = s.metricsToken() == null ? null : secret(src, "/server/metrics_token", s.metricsToken());
    String host = blank(s.host()) ? d.host() : ValueChecks.clean(src, "/server/host", s.host());
    return new ServerConfig(host, port, maxBody, timeout, buffered, master, metrics,
        allowedHosts(src, s.allowedHosts()), cors(src, s.cors()), Boolean.TRUE.equals(s.allowPortReuse()),
        timeouts(src, s));
  }

  private static Secret masterKeyFromEnv(Map<String, String> env) {
    String v = env.get(MASTER_KEY_ENV);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (!v.strip().equals(v) || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      throw new ConfigException("environment", 0, MASTER_KEY_ENV, "has whitespace or a line break; remove it");
    }
    if (v.length() < MIN_MASTER_KEY_LENGTH) {
      throw new ConfigException("environment", 0, MASTER_KEY_ENV,
          "the master key must be at least " + MIN_MASTER_KEY_LENGTH + " characters long");
    }
    return new Secret(v);
  }

  private static Secret secret(YamlSource src, String at, String value) {
    // An empty value (${VAR:-} with VAR unset) means not set.
    return value.isEmpty() ? null : new Secret(ValueChecks.clean(src, at, value));
  }

  private static List<String> allowedHosts(YamlSource src, List<String> hosts) {
    if (hosts == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      String at = "/server/allowed_hosts/" + i;
      String h = ValueChecks.clean(src, at, hosts.get(i));
      if (h == null || h.isEmpty() || h.contains("/") || h.contains(" ")) {
        throw src.error(at, "expected a host name such as gateway.example.com, .example.com or *");
      }
      out.add(h.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static ServerConfig.Cors cors(YamlSource src, RawConfig.Cors c) {
    if (c == null) {
      return ServerConfig.Cors.OFF;
    }
    List<String> origins = new ArrayList<>();
    List<String> raw = c.allowedOrigins() == null ? List.of() : c.allowedOrigins();
    for (int i = 0; i < raw.size(); i++) {
      String at = "/server/cors/allowed_origins/" + i;
      String o = ValueChecks.clean(src, at, raw.get(i));
      if (!"*".equals(o) && !isOrigin(o)) {
        throw src.error(at, "expected an origin such as https://app.example.com (scheme, host and optional port,"
            + " no path), or *");
      }
      origins.add("*".equals(o) ? o : o.toLowerCase(Locale.ROOT));
    }
    List<String> headers = null;
    if (c.allowedHeaders() != null) {
      headers = new ArrayList<>();
      for (int i = 0; i < c.allowedHeaders().size(); i++) {
        headers.add(ValueChecks.headerName(src, "/server/cors/allowed_headers/" + i, c.allowedHeaders().get(i))
            .toLowerCase(Locale.ROOT));
      }
    }
    Duration maxAge = c.maxAgeSeconds() == null ? null : Duration.ofSeconds(c.maxAgeSeconds());
    if (maxAge != null && maxAge.isNegative()) {
      throw src.error("/server/cors/max_age_seconds", "must be >= 0");
    }
    return new ServerConfig.Cors(origins, headers, maxAge);
  }

  private static boolean isOrigin(String o) {
    try {
      URI u = URI.create(o);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
          && (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null && u.getRawUserInfo() == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static ServerConfig.ClientTimeouts timeouts(YamlSource src, RawConfig.Server s) {
    ServerConfig.ClientTimeouts d = ServerConfig.ClientTimeouts.defaults();
    Duration idle = s.idleTimeoutMs() == null ? d.idle() : positive(src, "/server/idle_timeout_ms", s.idleTimeoutMs());
    Duration body = s.bodyTimeoutMs() == null ? d.body() : positive(src, "/server/body_timeout_ms", s.bodyTimeoutMs());
    long rate = s.minBodyBytesPerSecond() == null ? d.minBodyBytesPerSecond() : s.minBodyBytesPerSecond();
    if (rate < 0) {
      throw src.error("/server/min_body_bytes_per_second", "must be 0 (no minimum) or positive, got " + rate);
    }
    return new ServerConfig.ClientTimeouts(idle, body, rate);
  }

  static Duration positive(YamlSource src, String at, Long ms) {
    if (ms == null) {
      return null;
    }
    if (ms <= 0) {
      throw src.error(at, "must be a positive number of milliseconds");
    }
    return Duration.ofMillis(ms);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
