package dev.fairway.catalog;

import java.time.Duration;

/**
 * How the gateway listens.
 *
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param requestTimeout default end-to-end deadline of a request (the client may shorten it)
 */
public record ServerConfig(String host, int port, long maxBodyBytes, Duration requestTimeout) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

  public static ServerConfig defaults() {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, maxBodyBytes, requestTimeout);
  }

  public ServerConfig withHost(String h) {
    return new ServerConfig(h, port, maxBodyBytes, requestTimeout);
  }
}
