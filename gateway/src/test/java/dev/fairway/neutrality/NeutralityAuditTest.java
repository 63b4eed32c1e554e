package dev.fairway.neutrality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.cli.Main;
import dev.fairway.mock.Demo;
import dev.fairway.routing.HousePolicy;
import dev.fairway.testing.Http;
import dev.fairway.transparency.Checkpoint;
import dev.fairway.transparency.ExportFormat;
import dev.fairway.transparency.LogExport;
import dev.fairway.transparency.Merkle;
import dev.fairway.transparency.NoteVerifier;
import dev.fairway.transparency.ProofVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 13 end to end: the demo (its catalog, the simulated providers, {@code model: "auto"}) on
 * SQLite over real HTTP takes a day of varied traffic; one decision is fetched by the id its answer
 * carried and proven included in the signed log; then {@code fairway audit counterfactual} and
 * {@code report}, run in process against the gateway's URL, replay every routed decision. Without
 * a house policy all of them reproduce and none depends on who owns a model; with one, the report
 * measures what it changed and every answer it changed said so.
 */
class NeutralityAuditTest {
  static final int SYNTHETIC = 260;
  static final int FROM_DATA = 80;
  static final HousePolicy POLICY = new HousePolicy(List.of("anthropic"), 0.05, 0);

  @TempDir
  Path dir;

  /** What the client saw of one answer. */
  record Seen(int status, String decision, String route, String model, boolean routed) {}

  @Test
  void aNeutralDayReplaysExactlyAndNoChoiceDependsOnWhoOwnsAModel() throws Exception {
    Instant start = Instant.now().minusSeconds(1);
    try (Demo demo = Demo.start("127.0.0.1", 0, true, dir.resolve("neutral"), null)) {
      String url = "http://127.0.0.1:" + demo.port();
      Http http = new Http(url);
      List<Seen> seen = sendDay(http);
      settle(demo);

      Seen routed = seen.stream().filter(Seen::routed).findFirst().orElseThrow();
      byte[] record = rawGet(url, "/v1/fairway/decisions/" + routed.decision());
      DecisionRecord r = DecisionRecords.parse(record);
      assertThat(r.id()).isEqualTo(routed.decision());
      assertThat(r.route().explicit()).isFalse();
      assertThat(r.route().order()).first().isEqualTo(routed.model());
      assertThat(r.served().model()).isEqualTo(routed.model());
      assertIncludedInTheSignedLog(http, routed.decision(), record);

      CliRun cf = cli("audit", "counterfactual", "--url", url, "--from", start.toString(),
          "--json", dir.resolve("cf.json").toString());
      assertThat(cf.code()).as(cf.out() + cf.err()).isZero();
      assertThat(cf.out()).contains("HOLDS", "house policy: none in force");
      JsonNode j = Http.JSON.readTree(Files.readString(dir.resolve("cf.json")));
      long routedSent = seen.stream().filter(Seen::routed).count();
      assertThat(j.path("routed").asLong()).isEqualTo(routedSent);
      assertThat(j.path("explicit").asLong()).isEqualTo(seen.size() - routedSent);
      assertThat(j.path("reproduced").asLong()).isEqualTo(routedSent);
      assertThat(j.path("reproduced_share").asDouble()).isEqualTo(1.0);
      assertThat(j.at("/owner_blind/identical").asLong()).isEqualTo(j.at("/owner_blind/replays").asLong());
      assertThat(j.at("/owner_blind/replays").asLong()).as("five owners: 120 permutations a decision")
          .isGreaterThan(100 * routedSent);
      assertThat(j.path("policies")).isEmpty();
      assertThat(j.path("holds").asBoolean()).isTrue();

      Path html = dir.resolve("report.html");
      CliRun rep = cli("audit", "report", "--url", url, "--html", html.toString(),
          "--json", dir.resolve("report.json").toString());
      assertThat(rep.code()).as(rep.out() + rep.err()).isZero();
      JsonNode report = Http.JSON.readTree(Files.readString(dir.resolve("report.json")));
      assertThat(report.path("verdict").asText()).isEqualTo("neutral");
      assertThat(report.path("owners").size()).isGreaterThanOrEqualTo(3);
      assertThat(Files.readString(html)).contains("Neutral.", "<svg");

      assertThat(http.get("/v1/models").json().has("fairway_house_policy")).isFalse();
      assertThat(http.get("/transparency/policy").json().path("house_policy").isNull()).isTrue();
    }
  }

  @Test
  void aHousePolicyIsDisclosedOnEveryChoiceItChangedAndTheReportMeasuresIt() throws Exception {
    UnaryOperator<dev.fairway.config.GatewayConfig> withPolicy = c -> c.withHousePolicy(POLICY);
    try (Demo demo = Demo.start("127.0.0.1", 0, true, dir.resolve("house"), null, withPolicy)) {
      String url = "http://127.0.0.1:" + demo.port();
      Http http = new Http(url);
      List<Seen> seen = sendDay(http);
      settle(demo);

      Map<String, Seen> byDecision = new ConcurrentHashMap<>();
      seen.forEach(s -> byDecision.put(s.decision(), s));
      long changed = 0;
      long routed = 0;
      try (LogExport.Lines lines = LogExport.fromGateway(url, null, Clock.systemUTC())) {
        while (lines.hasNext()) {
          if (lines.next() instanceof ExportFormat.Leaf leaf) {
            DecisionRecord r = DecisionRecords.parse(leaf.canonical());
            if (r.route() == null || r.route().explicit()) {
              continue;
            }
            routed++;
            String header = byDecision.get(r.id()).route();
            assertThat(header).as(r.id()).contains("policy=" + POLICY.describe());
            if (r.route().policyChanged()) {
              changed++;
              assertThat(header).as(r.id()).contains("policy_changed=true");
              assertThat(r.route().reason()).contains("changed by " + POLICY.describe());
            } else {
              assertThat(header).as(r.id()).contains("policy_changed=false");
            }
          }
        }
      }
      assertThat(routed).isEqualTo(seen.stream().filter(Seen::routed).count());
      assertThat(changed).as("the bonus moves some choices to Anthropic's models").isPositive();

      CliRun rep = cli("audit", "report", "--url", url, "--json", dir.resolve("report.json").toString(),
          "--html", dir.resolve("report.html").toString());
      assertThat(rep.code()).as(rep.out() + rep.err()).isZero();
      JsonNode report = Http.JSON.readTree(Files.readString(dir.resolve("report.json")));
      assertThat(report.path("verdict").asText()).isEqualTo("house_policy");
      JsonNode effect = report.at("/counterfactual/policy_effect");
      assertThat(effect.path("changed").asLong()).isEqualTo(changed);
      assertThat(effect.path("changed_share").asDouble()).isEqualTo((double) changed / routed).isPositive();
      assertThat(report.at("/counterfactual/reproduced").asLong()).isEqualTo(routed);
      assertThat(report.at("/counterfactual/owner_blind/identical").asLong())
          .isEqualTo(report.at("/counterfactual/owner_blind/replays").asLong());
      assertThat(report.at("/counterfactual/under_policy/identical").asLong())
          .isLessThan(report.at("/counterfactual/under_policy/replays").asLong());
      assertThat(report.at("/counterfactual/policies/0").asText()).isEqualTo(POLICY.describe());
      assertThat(Files.readString(dir.resolve("report.html"))).contains("Declared preference, measured.",
          POLICY.describe());

      JsonNode models = http.get("/v1/models").json();
      assertThat(models.at("/fairway_house_policy/owners/0").asText()).isEqualTo("anthropic");
      assertThat(models.at("/fairway_house_policy/quality_bonus").asDouble()).isEqualTo(0.05);
      assertThat(models.at("/fairway_house_policy/description").asText()).isEqualTo(POLICY.describe());
      for (JsonNode m : models.path("data")) {
        boolean router = m.path("owned_by").asText().equals("fairway-router");
        assertThat(m.at("/metadata/fairway_house_policy/description").asText()).as(m.path("id").asText())
            .isEqualTo(router ? POLICY.describe() : "");
      }
      assertThat(http.get("/v1/models/auto").json().at("/metadata/fairway_house_policy/owners/0").asText())
          .isEqualTo("anthropic");
      assertThat(http.get("/transparency/policy").json().at("/house_policy/description").asText())
          .isEqualTo(POLICY.describe());
      assertThat(http.get("/transparency/checkpoint").body()).contains("fairway-house-policy house(owners=anthropic");
    }
  }

  /** Sends the day (four clients at a time); every answer is a success and carries its decision id. */
  static List<Seen> sendDay(Http http) throws Exception {
    List<SimulatedDay.Request> day = SimulatedDay.requests(SYNTHETIC, FROM_DATA, 13);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Seen>> answers = new ArrayList<>();
      for (SimulatedDay.Request q : day) {
        answers.add(clients.submit(() -> send(http, q)));
      }
      List<Seen> out = new ArrayList<>();
      for (Future<Seen> f : answers) {
        Seen s = f.get();
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.decision()).isNotBlank();
        assertThat(s.route() != null).isEqualTo(s.routed());
        out.add(s);
      }
      return out;
    } finally {
      clients.shutdownNow();
    }
  }

  private static Seen send(Http http, SimulatedDay.Request q) {
    String[] extra = q.path().equals("/v1/messages")
        ? concat(q.headers(), "anthropic-version", "2023-06-01") : q.headers();
    if (q.body().contains("\"stream\":true")) {
      Http.Stream s = http.stream(q.path(), q.body(), extra);
      return new Seen(s.status(), s.header("x-fairway-decision"), s.header("x-fairway-route"),
          s.header("x-fairway-model"), q.routed());
    }
    Http.Response r = http.post(q.path(), q.body(), extra);
    return new Seen(r.status(), r.header("x-fairway-decision"), r.header("x-fairway-route"),
        r.header("x-fairway-model"), q.routed());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Every record written to the log, and a checkpoint signed over all of them. */
  static void settle(Demo demo) throws InterruptedException {
    assertThat(demo.gateway().outbox().flush(Duration.ofSeconds(60))).isTrue();
    demo.gateway().transparencyLog().checkpointNow();
  }

  /** The record's bytes hash to the proof's leaf, and the proof leads to the root the log's key signed. */
  static void assertIncludedInTheSignedLog(Http http, String decision, byte[] record) {
    NoteVerifier key = NoteVerifier.parse(http.get("/transparency/key").body().strip());
    JsonNode p = http.get("/transparency/proof/inclusion?decision=" + decision).json();
    Checkpoint cp = Checkpoint.parse(key.verify(p.path("checkpoint").asText()));
    byte[] leaf = Base64.getDecoder().decode(p.path("leaf_hash").asText());
    assertThat(Merkle.leafHash(record)).isEqualTo(leaf);
    List<byte[]> proof = new ArrayList<>();
    p.path("proof").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
    assertThat(p.path("tree_size").asLong()).isEqualTo(cp.size());
    assertThat(ProofVerifier.verifyInclusion(p.path("leaf_index").asLong(), cp.size(), leaf, proof, cp.root())).isTrue();
  }

  /** The body's exact bytes (the record's canonical bytes are what the leaf hashes). */
  private static byte[] rawGet(String base, String path) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  record CliRun(int code, String out, String err) {}

  /** The {@code fairway} command line, in process, with its output captured. */
  static synchronized CliRun cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new Main()).execute(args);
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
