package dev.fairway.config;

import dev.fairway.catalog.Secret;
import java.time.Duration;
import java.util.List;

/**
 * How the gateway listens, and what it accepts from clients.
 *
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param requestTimeout default end-to-end deadline of a request (the client may shorten it)
 * @param maxBufferedBytes request-body bytes the gateway holds at once, over all requests in
 *     flight; 0 means an eighth of the JVM's maximum heap (see {@link #bufferBudget()})
 * @param masterKey the administrator's key ({@code server.master_key} or {@code FAIRWAY_MASTER_KEY}), or null
 * @param metricsToken bearer token {@code /metrics} asks for, or null
 * @param allowedHosts Host header values accepted; empty means loopback names and the bound
 *     address; {@code "*"} accepts any; an entry starting with a dot matches its subdomains
 * @param cors cross-origin access for browsers; off unless origins are configured
 * @param allowPortReuse share the port with another process (SO_REUSEPORT) instead of refusing to start
 * @param timeouts how long a client connection may stay idle or trickle a body
 */
public record ServerConfig(
    String host,
    int port,
    long maxBodyBytes,
    Duration requestTimeout,
    long maxBufferedBytes,
    Secret masterKey,
    Secret metricsToken,
    List<String> allowedHosts,
    Cors cors,
    boolean allowPortReuse,
    ClientTimeouts timeouts) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
  /**
   * Five minutes (it was ten): long enough for a long non-streamed answer of a reasoning model,
   * short enough that a request behind a provider that stopped answering is given up. A stalled
   * stream is cut much sooner, by the idle limit between chunks (dispatch.stream_idle_timeout_ms).
   */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);

  public ServerConfig {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    cors = cors == null ? Cors.OFF : cors;
    timeouts = timeouts == null ? ClientTimeouts.defaults() : timeouts;
  }

  public ServerConfig(String host, int port, long maxBodyBytes, Duration requestTimeout, long maxBufferedBytes) {
    this(host, port, maxBodyBytes, requestTimeout, maxBufferedBytes, null, null, List.of(), Cors.OFF, false,
        ClientTimeouts.defaults());
  }

  public static ServerConfig defaults() {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT, 0);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, maxBodyBytes, requestTimeout, maxBufferedBytes, masterKey, metricsToken,
        allowedHosts, cors, allowPortReuse, timeouts);
  }

  public ServerConfig withHost(String h) {
    return new ServerConfig(h, port, maxBodyBytes, requestTimeout, maxBufferedBytes, masterKey, metricsToken,
        allowedHosts, cors, allowPortReuse, timeouts);
  }

  public ServerConfig withMasterKey(Secret key) {
    return new ServerConfig(host, port, maxBodyBytes, requestTimeout, maxBufferedBytes, key, metricsToken,
        allowedHosts, cors, allowPortReuse, timeouts);
  }

  public ServerConfig withTimeouts(ClientTimeouts t) {
    return new ServerConfig(host, port, maxBodyBytes, requestTimeout, maxBufferedBytes, masterKey, metricsToken,
        allowedHosts, cors, allowPortReuse, t);
  }

  /**
   * The effective body budget. A request costs several times its body in heap while it is parsed,
   * translated and sent on, so an eighth of the heap for bodies keeps large concurrent requests
   * (base64 images) from exhausting it.
   */
  public long bufferBudget() {
    return maxBufferedBytes > 0 ? maxBufferedBytes : Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 8);
  }

  /**
   * Cross-origin resource sharing. Off (no CORS headers, preflights refused as any OPTIONS) unless
   * {@code allowedOrigins} names at least one origin ({@code https://app.example.com}, or {@code *}).
   */
  public record Cors(List<String> allowedOrigins, List<String> allowedHeaders, Duration maxAge) {
    public static final List<String> DEFAULT_HEADERS = List.of("authorization", "content-type", "x-api-key",
        "anthropic-version", "anthropic-beta", "x-request-id", "x-fairway-timeout-ms");
    public static final Cors OFF = new Cors(List.of(), DEFAULT_HEADERS, Duration.ofMinutes(10));

    public Cors {
      allowedOrigins = List.copyOf(allowedOrigins);
      allowedHeaders = allowedHeaders == null ? DEFAULT_HEADERS : List.copyOf(allowedHeaders);
      maxAge = maxAge == null ? Duration.ofMinutes(10) : maxAge;
    }

    public boolean enabled() {
      return !allowedOrigins.isEmpty();
    }
  }

  /**
   * Limits on slow or silent clients, so that idle sockets cannot hold connections or body buffers.
   *
   * @param idle a connection with no request in flight (including a new one that has not finished
   *     sending its request head) is closed after this long
   * @param body the longest silence allowed while a request body is arriving; past it the request
   *     gets 408 and the connection is closed
   * @param minBodyBytesPerSecond after the first {@code body} of a body's upload, it must have
   *     arrived at least this fast on average (0: no minimum)
   */
  public record ClientTimeouts(Duration idle, Duration body, long minBodyBytesPerSecond) {
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BODY = Duration.ofSeconds(10);
    public static final long DEFAULT_MIN_BODY_RATE = 16 * 1024;

    public static ClientTimeouts defaults() {
      return new ClientTimeouts(DEFAULT_IDLE, DEFAULT_BODY, DEFAULT_MIN_BODY_RATE);
    }
  }
}
