package dev.fairway.config;

import java.time.Duration;

/**
 * How the gateway listens.
 *
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param requestTimeout default end-to-end deadline of a request (the client may shorten it)
 * @param maxBufferedBytes request-body bytes the gateway holds at once, over all requests in
 *     flight; 0 means an eighth of the JVM's maximum heap (see {@link #bufferBudget()})
 */
public record ServerConfig(String host, int port, long maxBodyBytes, Duration requestTimeout, long maxBufferedBytes) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

  public static ServerConfig defaults() {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT, 0);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, maxBodyBytes, requestTimeout, maxBufferedBytes);
  }

  public ServerConfig withHost(String h) {
    return new ServerConfig(h, port, maxBodyBytes, requestTimeout, maxBufferedBytes);
  }

  /**
   * The effective body budget. A request costs several times its body in heap while it is parsed,
   * translated and sent on, so an eighth of the heap for bodies keeps large concurrent requests
   * (base64 images) from exhausting it.
   */
  public long bufferBudget() {
    return maxBufferedBytes > 0 ? maxBufferedBytes : Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 8);
  }
}
