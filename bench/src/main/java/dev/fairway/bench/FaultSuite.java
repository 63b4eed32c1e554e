package dev.fairway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.Gateway;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockBehaviour.Fault;
import dev.fairway.mock.MockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fault injection against the mock providers, with the figures the dispatch issue asks for:
 * availability with one healthy deployment among failing ones, deadline adherence under slow and
 * stalled providers, a circuit that opens and closes, and no leaks. Gateway, mocks and load run in
 * this process on loopback; every loop is bounded by a request count.
 */
@Command(name = "faults", mixinStandardHelpOptions = true, description = "Fault-injection suite.")
public final class FaultSuite implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--requests", description = "Requests in the availability run (default: ${DEFAULT-VALUE}).")
  public int requests = 10_000;

  @Option(names = "--rate", description = "Requests per second of the availability run (default: ${DEFAULT-VALUE}).")
  public int rate = 500;

  @Option(names = "--deadline-requests", description = "Requests in the deadline run (default: ${DEFAULT-VALUE}).")
  public int deadlineRequests = 2_000;

  @Option(names = "--deadline-rate", description = "Requests per second of the deadline run (default: ${DEFAULT-VALUE}).")
  public int deadlineRate = 200;

  /**
   * Threads may differ by this many between the two readings without counting as a leak: the JVM
   * starts and retires some of its own threads by itself (JIT compiler threads are added and removed
   * with the compile queue; an attach listener or a common-pool worker may come and go), so two
   * readings of an idle process are not always equal. A leak of one thread per request or per
   * connection would show as hundreds here.
   */
  public static final int THREAD_TOLERANCE = 2;

  /**
   * Heap in use after a full GC may differ by this many MiB: memory that is kept on purpose but
   * sized by the run's history, not its length. Netty's pooled buffer allocator keeps the chunks
   * (a few MiB each) its busiest moment needed, and two runs of the same shape do not peak alike;
   * the mock keeps its last 200 requests. The warm-up before the first reading is a whole run of
   * the measured shape, so pools and caches it fills do not count; a leak, which grows with every
   * request, shows anyway. Keeping the responses of a run, or a buffer per request, would be far
   * more than this.
   */
  public static final long HEAP_TOLERANCE_MB = 16;

  /** The suite's findings. */
  public record Report(
      long availabilityRequests, long availabilitySucceeded, long availabilityAttemptsMax, Map<String, Long> failures,
      long deadlineRequests, long deadlineMs, long deadlineOvershootMaxMs, long deadlineOvershootP99Ms,
      long deadlineAnswered, long deadlineTimedOut, Map<String, Long> deadlineFailures,
      long breakerCalls, long breakerOpens, int breakerThreshold, String breakerStateWhileFailing,
      long breakerClosedAfterMs,
      ProcessResources before, ProcessResources after, int upstreamPoolLimit) {

    /** Every check the run failed, one line each; empty when it passed. The exit code follows it. */
    public List<String> problems() {
      List<String> p = new ArrayList<>();
      if (availabilitySucceeded != availabilityRequests) {
        p.add("availability: " + (availabilityRequests - availabilitySucceeded) + " requests failed");
      }
      if (deadlineOvershootMaxMs > 50) {
        p.add("deadlines: overshot by up to " + deadlineOvershootMaxMs + " ms (allowed: 50)");
      }
      if (!"open".equals(breakerStateWhileFailing) || breakerOpens < 1) {
        p.add("circuit: " + breakerStateWhileFailing + " while its deployment failed every call");
      }
      if (breakerCalls > breakerThreshold) {
        p.add("circuit: opened only after " + breakerCalls + " calls, beyond its threshold of " + breakerThreshold);
      }
      if (breakerClosedAfterMs < 0) {
        p.add("circuit: did not close after its deployment recovered");
      }
      p.addAll(leaks());
      return p;
    }

    /**
     * The leak check: client connections to the gateway exactly as many as before (none: every
     * client has hung up), threads and heap the same within {@link #THREAD_TOLERANCE} and
     * {@link #HEAP_TOLERANCE_MB}. Idle upstream connections are not compared for equality: the pool
     * keeps as many as the last load needed, minus those that broke (a run on the fault suite's
     * mocks ends with about 5 where the warm-up left about 30), so their number follows the run's history, not
     * a leak; they must stay within the pool's limit instead.
     */
    public List<String> leaks() {
      List<String> p = new ArrayList<>();
      if (after.clientConnections() != before.clientConnections()) {
        p.add("leak: " + after.clientConnections() + " client connection ends open after the run, "
            + before.clientConnections() + " before");
      }
      if (after.upstreamConnections() > upstreamPoolLimit) {
        p.add("leak: " + after.upstreamConnections() + " upstream connections, beyond the pool's limit of "
            + upstreamPoolLimit);
      }
      if (Math.abs(after.threads() - before.threads()) > THREAD_TOLERANCE) {
        p.add("leak: " + after.threads() + " threads after the run, " + before.threads() + " before (tolerance "
            + THREAD_TOLERANCE + ")");
      }
      if (Math.abs(after.heapMb() - before.heapMb()) > HEAP_TOLERANCE_MB) {
        p.add("leak: " + after.heapMb() + " MiB of heap in use after the run, " + before.heapMb() + " before"
            + " (tolerance " + HEAP_TOLERANCE_MB + " MiB)");
      }
      return p;
    }
  }

  @Override
  public Integer call() throws Exception {
    Report r = run();
    print(r);
    List<String> problems = r.problems();
    problems.forEach(System.out::println);
    return problems.isEmpty() ? 0 : 1;
  }

  /** The gateway's connection limit to the mock provider. */
  static final int UPSTREAM_POOL = 256;

  static final String CONFIG = """
      server: {port: 0}
      catalog: {builtin: false}
      dispatch:
        max_attempts: 12
        circuit_breaker: {consecutive_failures: 5, failure_rate: 0.5, window: 20, min_calls: 10, open_ms: 1000}
      providers:
        mock: {protocol: openai, base_url: "${MOCK}/v1", max_connections: ${POOL}}
        refused: {protocol: openai, base_url: "http://127.0.0.1:${CLOSED}/v1", connect_timeout_ms: 1000}
      models:
        - id: chaos
          owner: bench
          prices: {input: 1, output: 2}
          context_window: 100000
          deployments:
            - {provider: mock, model: e429}
            - {provider: mock, model: e500}
            - {provider: mock, model: e502}
            - {provider: mock, model: e503}
            - {provider: mock, model: e529}
            - {provider: mock, model: reset}
            - {provider: mock, model: malformed}
            - {provider: refused, model: nobody}
            - {provider: mock, model: dead}
            - {provider: mock, model: healthy}
        - id: solo
          owner: bench
          prices: {input: 1, output: 2}
          context_window: 100000
          deployments: [{provider: mock, model: dead2}, {provider: mock, model: healthy2}]
        - id: slow
          owner: bench
          prices: {input: 1, output: 2}
          context_window: 100000
          deployments:
            - {provider: mock, model: late}
            - {provider: mock, model: stall}
            - {provider: mock, model: truncate}
            - {provider: mock, model: fine}
      """;

  public Report run() throws Exception {
    int closed;
    try (var s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort(); // free once closed: connections to it are refused
    }
    MockServer mock = MockServer.start(MockServer.Config.loopback(0));
    MockBehaviour base = MockBehaviour.DEFAULT.withRetryAfterSeconds(1);
    mock.behave("e429", base.withErrors(0.3, 429));
    mock.behave("e500", base.withErrors(0.3, 500));
    mock.behave("e502", base.withErrors(0.3, 502));
    mock.behave("e503", base.withErrors(0.3, 503));
    mock.behave("e529", base.withErrors(0.3, 529));
    mock.behave("reset", base.withErrors(0.3, 500).withFault(Fault.RESET));
    mock.behave("malformed", base.withErrors(0.3, 500).withFault(Fault.MALFORMED));
    mock.behave("dead", base.withErrors(1.0, 500));
    mock.behave("dead2", base.withErrors(1.0, 500));
    mock.behave("late", base.withTtftMs(5_000)); // first byte slower than any deadline here
    mock.behave("stall", base.withErrors(0.3, 500).withFault(Fault.STALL));
    mock.behave("truncate", base.withErrors(0.3, 500).withFault(Fault.TRUNCATE));
    mock.behave("fine", base.withTokensPerSecond(400));
    GatewayConfig cfg = ConfigLoader.loadText("faults.yaml",
        CONFIG.replace("${MOCK}", mock.baseUrl()).replace("${POOL}", Integer.toString(UPSTREAM_POOL)).replace("${CLOSED}", Integer.toString(closed)), Map.of());
    cfg = cfg.withStorage(dev.fairway.config.StorageConfig.sqlite(java.nio.file.Files.createTempDirectory("fairway-faults-")));
    Gateway gw = Gateway.start(cfg, new Gateway.Options(2, System::nanoTime, dev.fairway.pipeline.CallEvents.NONE));
    String gatewayUrl = "http://127.0.0.1:" + gw.port();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      // A warm-up of exactly the measured shape (every phase, the circuit cycle included) brings
      // JIT, thread pools, connection pools and Netty's buffer pools to the state the measured run
      // leaves them in; resources are then read with no client connected, exactly as at the end.
      // A leak grows with the requests served; warm state does not grow a second time.
      java.net.http.HttpClient warm = client(pool);
      openLoop(warm, gatewayUrl, "chaos", requests, rate, 0);
      openLoop(warm, gatewayUrl, "slow", deadlineRequests, deadlineRate, 1_000);
      breakerCycle(warm, gatewayUrl, mock, base);
      warm.close();
      mock.behave("dead2", base.withErrors(1.0, 500));
      gw.resetHealth();
      Thread.sleep(1_000);
      ProcessResources before = ProcessResources.read(gw.port(), mock.port());

      java.net.http.HttpClient client = client(pool);
      Outcomes a = openLoop(client, gatewayUrl, "chaos", requests, rate, 0);
      Outcomes d = openLoop(client, gatewayUrl, "slow", deadlineRequests, deadlineRate, 1_000);
      Breaker b = breakerCycle(client, gatewayUrl, mock, base);
      long breakerCalls = b.calls();
      long breakerOpens = b.opens();
      String breakerWhileFailing = b.stateWhileFailing();
      long closedAfter = b.closedAfterMs();

      client.close();
      Thread.sleep(1_000); // let closed connections and finished calls settle, as before the "before" reading
      ProcessResources after = ProcessResources.read(gw.port(), mock.port());
      if (Math.abs(after.threads() - before.threads()) > THREAD_TOLERANCE) {
        Thread.getAllStackTraces().keySet().forEach(t -> System.err.println("thread: " + t.getName()));
      }
      return new Report(a.sent, a.ok.get(), a.maxAttempts.get(), a.failureMap(),
          d.sent, 1_000, d.maxOvershootMs(1_000), d.overshootPercentileMs(1_000, 99), d.ok.get(), d.timedOut.get(), d.failureMap(),
          breakerCalls, breakerOpens, 5, breakerWhileFailing, closedAfter, before, after, UPSTREAM_POOL);
    } finally {
      pool.shutdownNow();
      gw.close();
      mock.close();
    }
  }

  private static java.net.http.HttpClient client(java.util.concurrent.Executor executor) {
    return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
        .executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** What one circuit cycle showed: calls until it opened, opens, its state then, time to close after recovery. */
  record Breaker(long calls, long opens, String stateWhileFailing, long closedAfterMs) {}

  /**
   * The circuit, one request at a time so the count is exact: a deployment failing every call gets
   * exactly its threshold of calls, then none until its open period ends; then it recovers and
   * must close. Counts are this cycle's own (the mock and the breaker count over their lifetime).
   */
  private static Breaker breakerCycle(java.net.http.HttpClient client, String url, MockServer mock, MockBehaviour base)
      throws Exception {
    long callsBefore = mock.callsTo("dead2");
    long opensBefore = deployment(client, url, "mock/dead2").path("circuit_opens").asLong();
    for (int i = 0; i < 20; i++) {
      openLoop(client, url, "solo", 1, 1, 0);
    }
    long calls = mock.callsTo("dead2") - callsBefore;
    JsonNode dead = deployment(client, url, "mock/dead2");
    String state = dead.path("circuit").asText();
    long opens = dead.path("circuit_opens").asLong() - opensBefore;
    mock.behave("dead2", base);
    long recoverStart = System.nanoTime();
    long closedAfter = -1;
    for (int i = 0; i < 400 && closedAfter < 0; i++) {
      openLoop(client, url, "solo", 2, 100, 0);
      if ("closed".equals(deployment(client, url, "mock/dead2").path("circuit").asText())) {
        closedAfter = (System.nanoTime() - recoverStart) / 1_000_000;
      }
    }
    return new Breaker(calls, opens, state, closedAfter);
  }

  private static JsonNode deployment(java.net.http.HttpClient client, String base, String deployment)
      throws Exception {
    JsonNode health = JSON.readTree(client.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(base + "/admin/health")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    for (JsonNode d : health.path("deployments")) {
      if (d.path("deployment").asText().equals(deployment)) {
        return d;
      }
    }
    throw new IllegalStateException("no deployment " + deployment + " in /admin/health");
  }

  /** Outcomes of one run. */
  static final class Outcomes {
    long sent;
    final AtomicLong ok = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
    final AtomicLong maxAttempts = new AtomicLong();
    final Map<String, AtomicLong> failures = new java.util.concurrent.ConcurrentHashMap<>();
    final List<Long> elapsedMs = java.util.Collections.synchronizedList(new ArrayList<>());

    void fail(String why) {
      failures.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
    }

    Map<String, Long> failureMap() {
      Map<String, Long> m = new java.util.TreeMap<>();
      failures.forEach((k, v) -> m.put(k, v.get()));
      return m;
    }

    long maxOvershootMs(long deadlineMs) {
      synchronized (elapsedMs) {
        return elapsedMs.stream().mapToLong(e -> e - deadlineMs).max().orElse(0);
      }
    }

    long overshootPercentileMs(long deadlineMs, double p) {
      synchronized (elapsedMs) {
        long[] v = elapsedMs.stream().mapToLong(e -> e - deadlineMs).sorted().toArray();
        return v.length == 0 ? 0 : v[Math.min(v.length - 1, (int) Math.ceil(p / 100 * v.length) - 1)];
      }
    }
  }

  /**
   * Sends {@code n} requests to {@code model} at a fixed rate, half of them streamed; a success is
   * a 200 whose body is a complete answer (for streams: ends with [DONE] and no error event). The
   * client is the JDK's own HTTP client, independent of the Vert.x stack under test.
   */
  private static Outcomes openLoop(java.net.http.HttpClient client, String base, String model, int n, int rate,
      long deadlineMs) throws InterruptedException {
    String target = model.equals("slow-fine") ? "slow" : model;
    Outcomes o = new Outcomes();
    o.sent = n;
    CountDownLatch done = new CountDownLatch(n);
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    java.net.URI uri = java.net.URI.create(base + "/v1/chat/completions");
    for (int i = 0; i < n; i++) {
      long at = start + i * interval;
      long now;
      while ((now = System.nanoTime()) < at) {
        LockSupport.parkNanos(Math.min(at - now, 200_000));
      }
      boolean stream = i % 2 == 1;
      String body = "{\"model\":\"" + target + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\","
          + "\"content\":\"request " + i + "\"}],\"max_tokens\":24}";
      var req = java.net.http.HttpRequest.newBuilder(uri).header("content-type", "application/json")
          .timeout(Duration.ofSeconds(60)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
      if (deadlineMs > 0) {
        req.header("x-fairway-timeout-ms", Long.toString(deadlineMs));
      } else if (model.equals("slow-fine")) {
        req.header("x-fairway-timeout-ms", "2000"); // warm-up: stalled calls must not hold the run
      }
      long sent = System.nanoTime();
      client.sendAsync(req.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).whenComplete((resp, err) -> {
        if (err != null) {
          o.fail("client: " + err.getClass().getSimpleName());
        } else {
          String text = resp.body();
          boolean good = resp.statusCode() == 200 && (stream
              ? text.endsWith("data: [DONE]\n\n") && !text.contains("\"error\"")
              : text.contains("\"chat.completion\""));
          if (good) {
            o.ok.incrementAndGet();
            resp.headers().firstValue("x-fairway-attempts")
                .ifPresent(a -> o.maxAttempts.accumulateAndGet(Long.parseLong(a), Math::max));
          } else if (resp.statusCode() == 504 || text.contains("deadline_exceeded")) {
            o.timedOut.incrementAndGet();
          } else {
            String snippet = text.length() > 160 ? text.substring(text.length() - 160) : text;
            o.fail(resp.statusCode() + (stream ? " stream: " : ": ") + snippet.replace('\n', ' '));
          }
        }
        o.elapsedMs.add((System.nanoTime() - sent) / 1_000_000);
        done.countDown();
      });
    }
    if (!done.await(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("requests did not finish");
    }
    return o;
  }

  static void print(Report r) {
    System.out.println();
    System.out.printf(Locale.ROOT, "availability: %,d of %,d requests succeeded (%.2f%%) at %s; at most %d attempts;"
            + " failures: %s%n", r.availabilitySucceeded(), r.availabilityRequests(),
        100.0 * r.availabilitySucceeded() / r.availabilityRequests(), "the configured rate",
        r.availabilityAttemptsMax(), r.failures());
    System.out.printf(Locale.ROOT, "deadlines: %,d requests with a %d ms deadline: %,d answered, %,d timed out;"
            + " worst overshoot %d ms (p99 %d ms); other failures: %s%n", r.deadlineRequests(), r.deadlineMs(),
        r.deadlineAnswered(), r.deadlineTimedOut(), r.deadlineOvershootMaxMs(), r.deadlineOvershootP99Ms(),
        r.deadlineFailures());
    System.out.printf(Locale.ROOT, "circuit: a deployment failing every call got %d calls (threshold: %d consecutive"
            + " failures) and then none; state: %s (opened %d time); after it recovered, closed %d ms later"
            + " (open period 1000 ms, then one probe)%n", r.breakerCalls(), r.breakerThreshold(),
        r.breakerStateWhileFailing(), r.breakerOpens(), r.breakerClosedAfterMs());
    System.out.printf(Locale.ROOT, "resources: before %s, after %s%n", r.before(), r.after());
  }
}
