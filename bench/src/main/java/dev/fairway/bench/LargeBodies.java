package dev.fairway.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Memory under concurrent large bodies (issue 10 item 13): bursts of {@code --concurrency}
 * requests at once, each carrying a {@code --mb} MB base64 image, against a gateway process
 * started as the launcher starts it (256 MB heap cap) in front of a mock process. Prints the
 * answers by status and the gateway's resident memory: idle, peak (sampled every 20 ms) and after.
 *
 * <p>{@code bench/run bodies [--concurrency 50] [--mb 9] [--bursts 3] [--gateway-jvm "..."]}
 */
@Command(name = "bodies", mixinStandardHelpOptions = true)
public final class LargeBodies implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--concurrency") int concurrency = 50;
  @Option(names = "--mb") int mb = 9;
  @Option(names = "--bursts") int bursts = 3;
  @Option(names = "--gateway-jar") Path gatewayJar = Path.of("gateway/target/fairway.jar");
  @Option(names = "--gateway-jvm") String gatewayJvm = "-Xms256m -Xmx256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20";
  @Option(names = "--server", description = "extra server: fields for the gateway, e.g. 'max_buffered_bytes: 0'")
  String server = "";

  @Override
  public Integer call() throws Exception {
    List<Process> procs = new ArrayList<>();
    try {
      int mockPort = freePort();
      int gwPort = freePort();
      procs.add(launch(List.of("mock", "--port", Integer.toString(mockPort)), "-Xms64m -Xmx1g"));
      Path cfg = Files.createTempFile("fairway-bodies", ".yaml");
      Files.writeString(cfg, "server: {host: 127.0.0.1, port: " + gwPort + (server.isEmpty() ? "" : ", " + server)
          + "}\ncatalog: {builtin: false}\n"
          + "providers:\n  mock: {protocol: openai, base_url: \"http://127.0.0.1:" + mockPort + "/v1\"}\n"
          + "models:\n  - {id: big, owner: bench, prices: {input: 1, output: 1}, context_window: 128000,"
          + " capabilities: [vision], deployments: [{provider: mock, model: gpt-4o-mini}]}\n");
      Process gw = launch(List.of("serve", "--config", cfg.toString()), gatewayJvm);
      procs.add(gw);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      waitUp(http, "http://127.0.0.1:" + mockPort + "/v1/models");
      waitUp(http, "http://127.0.0.1:" + gwPort + "/healthz");
      byte[] body = body(mb);
      // one small request first, so the idle figure is that of a gateway that has served
      send(http, gwPort, body(0)).join();
      Thread.sleep(1000);
      long idle = LoadHarness.rssMb(gw.pid());
      AtomicLong peak = new AtomicLong(idle);
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          peak.accumulateAndGet(LoadHarness.rssMb(gw.pid()), Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.start();
      Map<String, Integer> statuses = new TreeMap<>();
      List<Long> peaks = new ArrayList<>();
      for (int b = 0; b < bursts; b++) {
        long before = peak.get();
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
          all.add(send(http, gwPort, body));
        }
        for (CompletableFuture<String> f : all) {
          statuses.merge(f.join(), 1, Integer::sum);
        }
        peaks.add(peak.get());
        peak.set(LoadHarness.rssMb(gw.pid()));
        peak.accumulateAndGet(before, Math::min);
      }
      sampling.set(false);
      sampler.join();
      Thread.sleep(2000);
      long after = LoadHarness.rssMb(gw.pid());
      System.out.printf("%d bursts of %d concurrent %d MB requests: answers %s%n", bursts, concurrency, mb, statuses);
      System.out.printf("gateway RSS: idle %d MB, peak per burst %s MB, 2 s after %d MB (gateway JVM: %s)%n", idle,
          peaks, after, gatewayJvm);
      return 0;
    } finally {
      procs.forEach(Process::destroy);
    }
  }

  private static CompletableFuture<String> send(HttpClient http, int port, byte[] body) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(120)).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
        .handle((r, t) -> t != null ? "broken (" + t.getClass().getSimpleName() + ")" : Integer.toString(r.statusCode()));
  }

  /** A chat request with one PNG-headed base64 image of about {@code mb} MB. */
  static byte[] body(int mb) {
    byte[] img = new byte[Math.max(64, mb * 1_000_000 * 3 / 4)];
    new SplittableRandom(1).nextBytes(img);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(png, 0, img, 0, png.length);
    String json = "{\"model\":\"big\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"Describe\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(img) + "\"}}]}]}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  private Process launch(List<String> args, String jvm) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String o : jvm.trim().split("\\s+")) {
      cmd.add(o);
    }
    cmd.add("-jar");
    cmd.add(gatewayJar.toAbsolutePath().toString());
    cmd.addAll(args);
    Path log = Files.createTempFile("fairway-bodies", ".log");
    System.err.println(String.join(" ", args) + " log: " + log);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void waitUp(HttpClient http, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(url + " did not come up");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
