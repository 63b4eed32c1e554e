package dev.fairway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Gateway overhead, measured the only honest way: the same mock provider called directly and
 * through the gateway, interleaved request by request in the same run, so machine noise hits both
 * alike. The mock and the gateway run as separate processes (the gateway with the launcher's JVM
 * options); this process generates load on loopback.
 *
 * <ul>
 *   <li>Concurrency 1: closed loop, one request at a time, rotating direct / hop floor / gateway.
 *       The hop floor ({@link HopFloor}) is a pass-through proxy on the same stack: the cost of any
 *       extra HTTP hop on this machine, against which the gateway's own work can be read.</li>
 *   <li>Fixed rates: open loop (a request is sent at its scheduled time whether or not earlier
 *       ones finished; latency counts from the scheduled time, so queueing is not hidden), ticks
 *       alternating direct / gateway, each at the stated rate.</li>
 * </ul>
 *
 * <p>Every loop is bounded by a request count. Run: {@code bench/run load} (see README).
 */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Gateway overhead vs a direct call.")
final class LoadHarness implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String body(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"Say hello in five words.\"}],\"max_tokens\":16}";
  }

  private static final String LAUNCHER_JVM = "-Xms32m -Xmx256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20";

  @Option(names = "--model", description = "What the gateway is asked for: bench (explicit, default) or a router"
      + " such as auto (routing on every request; the repeated prompt's signals come from the router's cache).")
  String model = "bench";

  @Option(names = "--embedder", description = "routing.embedder of the gateway (default: the gateway's, minilm;"
      + " none measures the gateway without the embedding model loaded).")
  String embedder;

  @Option(names = "--gateway-jar", description = "The gateway jar (default: gateway/target/fairway.jar).")
  Path gatewayJar = Path.of("gateway/target/fairway.jar");

  @Option(names = "--gateway-jvm", description = "JVM options of the gateway process (default: the launcher's).")
  String gatewayJvm = LAUNCHER_JVM;

  @Option(names = "--floor-jvm", description = "JVM options of the hop-floor proxy (default: the launcher's).")
  String floorJvm = LAUNCHER_JVM;

  @Option(names = "--warmup", description = "Warm-up requests per target (default: ${DEFAULT-VALUE}).")
  int warmup = 30_000;

  @Option(names = "--pairs", description = "Concurrency-1 request pairs (default: ${DEFAULT-VALUE}).")
  int pairs = 20_000;

  @Option(names = "--rates", split = ",", description = "Open-loop rates per target, req/s (default: 1000,2000).")
  List<Integer> rates = List.of(1000, 2000);

  @Option(names = "--seconds", description = "Seconds per open-loop rate (default: ${DEFAULT-VALUE}).")
  int seconds = 20;

  @Option(names = "--pin", description = "Pin the processes with taskset: the gateway and the hop floor on the"
      + " last CPU, the mock and this load generator on the others (as in a deployment, where the gateway does"
      + " not share its cores with its clients and providers). Default: unpinned, all share every CPU.")
  boolean pin;

  @Option(names = "--json", description = "Also write the results as JSON here.")
  Path jsonOut;

  private final List<Process> processes = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(gatewayJar)) {
      System.err.println("gateway jar not found: " + gatewayJar + " (build it: ./fairway --version)");
      return 2;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      int mockPort = freePort();
      int gwPort = freePort();
      start("mock", List.of("mock", "--port", Integer.toString(mockPort)), "-Xms64m -Xmx256m");
      if (pin) {
        pinSelf();
      }
      waitUntilUp("http://127.0.0.1:" + mockPort + "/v1/models");
      Path cfg = Files.createTempFile("fairway-bench", ".yaml");
      Files.writeString(cfg, "server: {host: 127.0.0.1, port: " + gwPort + "}\ncatalog: {builtin: false}\n"
          + "providers:\n  mock: {protocol: openai, base_url: \"http://127.0.0.1:" + mockPort + "/v1\", max_connections: 512}\n"
          + "models:\n  - {id: bench, owner: bench, prices: {input: 1, output: 1}, context_window: 8000,"
          + " deployments: [{provider: mock}]}\n" + (embedder == null ? "" : "routing: {embedder: " + embedder + "}\n"));
      Process gw = start("gateway", List.of("serve", "--config", cfg.toString()), gatewayJvm);
      waitUntilUp("http://127.0.0.1:" + gwPort + "/healthz");

      int floorPort = freePort();
      Process floorProcess = startFloor(floorPort, mockPort);
      waitUntilUp("http://127.0.0.1:" + floorPort + "/v1/models");

      Target direct = new Target("direct", client(vertx, mockPort), "/v1/chat/completions", body("bench"));
      Target floor = new Target("floor", client(vertx, floorPort), "/v1/chat/completions", body("bench"));
      Target gateway = new Target("gateway", client(vertx, gwPort), "/v1/chat/completions", body(model));
      List<Target> all = List.of(direct, floor, gateway);
      ObjectNode out = JSON.createObjectNode();
      out.put("rss_mb_idle", rssMb(gw.pid()));

      System.err.printf("warming up (%,d requests per target)...%n", warmup);
      closedLoop(vertx, all, warmup, 16);
      all.forEach(Target::reset);

      System.err.printf("concurrency 1: %,d interleaved rounds (direct, hop floor, gateway)...%n", pairs);
      long gwCpu0 = cpuMicros(gw.pid());
      long floorCpu0 = cpuMicros(floorProcess.pid());
      closedLoop(vertx, all, pairs, 1);
      // CPU time per request (all threads, user + system): the gateway's own work, read against the floor.
      out.put("gateway_cpu_us_per_request", (cpuMicros(gw.pid()) - gwCpu0) / Math.max(1, pairs));
      out.put("floor_cpu_us_per_request", (cpuMicros(floorProcess.pid()) - floorCpu0) / Math.max(1, pairs));
      ArrayNode rows = out.putArray("scenarios");
      rows.add(row("concurrency 1", direct, floor, gateway, 0));

      long rssMax = 0;
      // Open loop: direct and gateway only, so the stated rate is the whole offered load per path
      // (the floor would add a third stream on the same two cores).
      for (int rate : rates) {
        all.forEach(Target::reset);
        System.err.printf("open loop: %,d req/s per target for %d s...%n", rate, seconds);
        long rss = openLoop(vertx, List.of(direct, gateway), rate, seconds, gw.pid());
        rssMax = Math.max(rssMax, rss);
        rows.add(row(rate + " req/s", direct, null, gateway, rate).put("rss_mb_peak", rss));
      }
      out.put("rss_mb_steady_max", rssMax);
      out.put("rss_mb_after", rssMb(gw.pid()));
      print(out);
      if (jsonOut != null) {
        Files.writeString(jsonOut, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
      }
      return all.stream().mapToLong(t -> t.errors.get()).sum() == 0 ? 0 : 1;
    } finally {
      for (Process p : processes) {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      vertx.close();
    }
  }

  /** One endpoint under test, with the histogram of its latencies in microseconds. */
  static final class Target {
    final String name;
    final HttpClientAgent client;
    final String path;
    final Buffer body;
    final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    final AtomicLong errors = new AtomicLong();

    Target(String name, HttpClientAgent client, String path, String body) {
      this.name = name;
      this.client = client;
      this.path = path;
      this.body = Buffer.buffer(body);
    }

    void reset() {
      latency.reset();
      errors.set(0);
    }

    /** Must be called on the client's Vert.x context: its futures then complete where they were chained. */
    Future<Void> send(long startNanos) {
      RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
          .putHeader("content-type", "application/json");
      return client.request(ro).compose(r -> r.send(body)).compose(resp -> resp.body().map(b -> {
        if (resp.statusCode() != 200 || b.length() == 0 || b.getByte(b.length() - 1) != '}') {
          errors.incrementAndGet();
        }
        return (Void) null;
      })).andThen(ar -> {
        if (ar.failed()) {
          errors.incrementAndGet();
        }
        latency.recordValue(Math.max(0, (System.nanoTime() - startNanos) / 1000));
      });
    }
  }

  private static HttpClientAgent client(Vertx vertx, int port) {
    return vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
  }

  /**
   * {@code workers} concurrent chains per target, each sending its next request when the last
   * answered, alternating targets, until {@code perTarget} requests per target are done. Runs on
   * the client's event loop so no thread hand-off distorts the figures.
   */
  private static void closedLoop(Vertx vertx, List<Target> targets, int perTarget, int workers) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(workers);
    AtomicLong remaining = new AtomicLong((long) perTarget * targets.size());
    vertx.runOnContext(v -> {
      for (int w = 0; w < workers; w++) {
        chain(targets, w, remaining, done);
      }
    });
    if (!done.await(30, TimeUnit.MINUTES)) {
      throw new IllegalStateException("closed loop did not finish");
    }
  }

  private static void chain(List<Target> targets, int turn, AtomicLong remaining, CountDownLatch done) {
    if (remaining.getAndDecrement() <= 0) {
      done.countDown();
      return;
    }
    Target t = targets.get(turn % targets.size());
    t.send(System.nanoTime()).onComplete(ar -> chain(targets, turn + 1, remaining, done));
  }

  /** Sends at a fixed schedule (ticks alternate targets); returns the gateway's peak RSS (MB) while loaded. */
  private static long openLoop(Vertx vertx, List<Target> targets, int ratePerTarget, int seconds, long gatewayPid)
      throws InterruptedException {
    io.vertx.core.Context ctx = vertx.getOrCreateContext();
    long total = (long) ratePerTarget * seconds * targets.size();
    long interval = 1_000_000_000L / ((long) ratePerTarget * targets.size());
    long start = System.nanoTime() + 10_000_000;
    List<Future<Void>> last = new ArrayList<>();
    long rssMax = 0;
    long nextRss = start;
    for (long i = 0; i < total; i++) {
      long at = start + i * interval;
      long now;
      while ((now = System.nanoTime()) < at) {
        LockSupport.parkNanos(Math.min(at - now, 200_000));
      }
      Target target = targets.get((int) (i % targets.size()));
      boolean tail = total - i <= 64;
      // The scheduler thread only keeps time; each request is issued on the client's event loop.
      ctx.runOnContext(v -> {
        Future<Void> f = target.send(at);
        if (tail) {
          synchronized (last) {
            last.add(f);
          }
        }
      });
      if (now >= nextRss) {
        rssMax = Math.max(rssMax, rssMb(gatewayPid));
        nextRss = now + 1_000_000_000L;
      }
    }
    CountDownLatch drained = new CountDownLatch(1);
    ctx.runOnContext(v -> {
      synchronized (last) {
        Future.join(List.copyOf(last)).onComplete(ar -> drained.countDown());
      }
    });
    drained.await(30, TimeUnit.SECONDS);
    Thread.sleep(200); // let stragglers outside the last batch land; measurement only, not a test
    return rssMax;
  }

  private static ObjectNode row(String name, Target direct, Target floor, Target gateway, int rate) {
    ObjectNode r = JSON.createObjectNode();
    r.put("scenario", name);
    r.put("rate_per_target", rate);
    r.put("requests_per_target", gateway.latency.getTotalCount());
    r.put("errors", direct.errors.get() + (floor == null ? 0 : floor.errors.get()) + gateway.errors.get());
    for (double q : new double[] {50, 90, 99, 99.9}) {
      String k = q == 99.9 ? "p999" : "p" + (int) q;
      long d = direct.latency.getValueAtPercentile(q);
      long f = floor == null ? -1 : floor.latency.getValueAtPercentile(q);
      long g = gateway.latency.getValueAtPercentile(q);
      r.put("direct_" + k + "_us", d);
      if (floor != null) {
        r.put("floor_" + k + "_us", f);
        r.put("floor_added_" + k + "_us", f - d);
      }
      r.put("gateway_" + k + "_us", g);
      r.put("added_" + k + "_us", g - d);
      r.put("ratio_" + k, d == 0 ? 0 : Math.round(100.0 * g / d) / 100.0);
    }
    return r;
  }

  private static void print(ObjectNode out) {
    System.out.println();
    System.out.println("Added = target minus direct at the same percentile. The hop floor is a pass-through Vert.x"
        + " proxy (bench floor) on the same stack: what any extra HTTP hop costs on this machine.");
    System.out.println();
    System.out.println("| scenario | direct p50 | floor added p50 | gateway added p50 | direct p99 | floor added p99"
        + " | gateway added p99 | errors |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (var r : out.withArray("scenarios")) {
      System.out.printf(Locale.ROOT, "| %s | %d µs | %s | **%d µs** | %d µs | %s | **%d µs** | %d |%n",
          r.get("scenario").asText(), r.get("direct_p50_us").asLong(), floorCell(r, "p50"),
          r.get("added_p50_us").asLong(), r.get("direct_p99_us").asLong(), floorCell(r, "p99"),
          r.get("added_p99_us").asLong(), r.get("errors").asLong());
    }
    System.out.printf("CPU per request at concurrency 1 (all threads, user + system): gateway %d µs, hop floor %d µs.%n",
        out.get("gateway_cpu_us_per_request").asLong(), out.get("floor_cpu_us_per_request").asLong());
    StringBuilder perRate = new StringBuilder();
    for (var r : out.withArray("scenarios")) {
      if (r.has("rss_mb_peak")) {
        perRate.append(", ").append(r.get("rss_mb_peak").asLong()).append(" MB peak at ").append(r.get("scenario").asText());
      }
    }
    System.out.printf("Gateway RSS: %d MB idle after warm-up%s, %d MB after.%n",
        out.get("rss_mb_idle").asLong(), perRate, out.get("rss_mb_after").asLong());
  }

  private static String floorCell(com.fasterxml.jackson.databind.JsonNode r, String k) {
    return r.has("floor_added_" + k + "_us") ? r.get("floor_added_" + k + "_us").asLong() + " µs" : "–";
  }

  /** The hop floor, from this benchmark's own jar. */
  private Process startFloor(int port, int upstreamPort) throws Exception {
    Path benchJar = Path.of(HopFloor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return launch("floor", benchJar, List.of("floor", "--port", Integer.toString(port), "--upstream-port",
        Integer.toString(upstreamPort)), floorJvm);
  }

  private Process start(String name, List<String> args, String jvmOpts) throws IOException {
    return launch(name, gatewayJar, args, jvmOpts);
  }

  private Process launch(String name, Path jar, List<String> args, String jvmOpts) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (pin && CPUS >= 2) {
      cmd.addAll(List.of("taskset", "-c", name.equals("mock") ? OTHER_CPUS : GATEWAY_CPU));
    }
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String o : jvmOpts.trim().split("\\s+")) {
      if (!o.isEmpty()) {
        cmd.add(o);
      }
    }
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    cmd.addAll(args);
    Path log = Files.createTempFile("fairway-bench-" + name, ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    System.err.println(name + " started (pid " + p.pid() + ", log " + log + ")");
    return p;
  }

  private static void waitUntilUp(String url) throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (c.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(url + " did not come up within 60 s");
  }

  private static final int CPUS = Runtime.getRuntime().availableProcessors();
  /** With --pin: the gateway and the hop floor get the last CPU, the mock and the load generator the rest. */
  private static final String GATEWAY_CPU = Integer.toString(CPUS - 1);
  private static final String OTHER_CPUS = "0-" + Math.max(0, CPUS - 2);

  /** Moves this load generator (every thread) off the gateway's CPU. */
  private static void pinSelf() throws IOException, InterruptedException {
    if (CPUS < 2) {
      return;
    }
    Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", OTHER_CPUS,
        Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IOException("taskset failed: cannot pin the load generator");
    }
  }

  /** User + system CPU time of a process, all threads, in microseconds (from /proc; -1 if unreadable). */
  static long cpuMicros(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
      return ticks * 1_000_000L / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  static long rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
