package dev.fairway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/run load} at a tiny size, its processes started from this test's class path: the
 * stage comparison with every stage flag, and the single gateway as before stage flags. The
 * figures themselves are meaningless at this size; what is checked is that every one is there and
 * that no request failed (the limits are evaluated but never refuse).
 */
class LoadHarnessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  private LoadHarness tiny(String json) {
    LoadHarness h = new LoadHarness();
    String cp = System.getProperty("java.class.path");
    h.gatewayMain = BenchProcesses.JavaMain.classPath(cp, "dev.fairway.cli.Main");
    h.floorMain = BenchProcesses.JavaMain.classPath(cp, "dev.fairway.bench.BenchMain");
    h.embedder = "none";
    h.warmup = 100;
    h.pairs = 50;
    h.rates = List.of(50);
    h.seconds = 1;
    h.openWarmup = 1;
    h.jsonOut = tmp.resolve(json);
    return h;
  }

  @Test
  void everyStageOnPostgresThroughTheResponsesApiIsComparedWithAllStagesOffWithoutErrors() throws Exception {
    LoadHarness h = tiny("all.json");
    h.auth = true;
    h.ledger = "postgres";
    h.audit = true;
    h.endpoint = "responses";

    assertThat(h.call()).isZero();

    JsonNode out = JSON.readTree(Files.readString(h.jsonOut));
    assertThat(out.at("/stages/auth").asBoolean()).isTrue();
    assertThat(out.at("/stages/ledger").asText()).isEqualTo("postgres");
    assertThat(out.at("/stages/audit").asBoolean()).isTrue();
    assertThat(out.at("/featured/endpoint").asText()).isEqualTo("/v1/responses");
    assertThat(out.at("/featured/direct_endpoint").asText()).isEqualTo("/v1/chat/completions");
    assertThat(out.at("/baseline/endpoint").asText()).isEqualTo("/v1/chat/completions");
    assertThat(out.at("/baseline/describe").asText()).startsWith("every wave-2 stage off");
    assertThat(out.at("/load_average_before").asText()).matches("[0-9.]+ [0-9.]+ [0-9.]+");
    assertThat(out.at("/open_warmup_seconds").asInt()).isEqualTo(1);
    assertThat(out.withArray("scenarios").size()).as("the open-loop warm-up is not a scenario").isEqualTo(2);
    for (JsonNode row : out.withArray("scenarios")) {
      assertThat(row.get("errors").asLong()).as(row.toString()).isZero();
      for (String g : List.of("baseline", "featured")) {
        assertThat(row.get(g).get("direct").asText()).isEqualTo("direct");
        assertThat(row.get(g).get("cpu_us_per_request").asLong()).as(g).isPositive();
        assertThat(row.get(g).has("added_p50_us") && row.get(g).has("added_p99_us")).isTrue();
      }
      JsonNode delta = row.get("featured_minus_baseline");
      assertThat(delta.get("cpu_us_per_request").asLong()).isEqualTo(row.at("/featured/cpu_us_per_request").asLong()
          - row.at("/baseline/cpu_us_per_request").asLong());
      assertThat(delta.get("added_p50_us").asLong()).isEqualTo(row.at("/featured/added_p50_us").asLong()
          - row.at("/baseline/added_p50_us").asLong());
      assertThat(delta.has("added_p99_us")).isTrue();
    }
    JsonNode c1 = out.withArray("scenarios").get(0);
    assertThat(c1.get("requests_per_target").asLong()).isEqualTo(50);
    assertThat(c1.at("/floor/cpu_us_per_request").asLong()).isPositive();
    assertThat(c1.get("vs_floor").has("featured_cpu_per_request")).isTrue();
    JsonNode open = out.withArray("scenarios").get(1);
    assertThat(open.has("floor")).isFalse();
    assertThat(open.at("/featured/rss_mb_peak").asLong()).isPositive();
  }

  @Test
  void embeddingsAreReadAgainstTheMockCalledForEmbeddingsWithTheLedgerOnSqlite() throws Exception {
    LoadHarness h = tiny("embeddings.json");
    h.ledger = "sqlite";
    h.endpoint = "embeddings";
    h.rates = List.of();

    assertThat(h.call()).isZero();

    JsonNode c1 = JSON.readTree(Files.readString(h.jsonOut)).withArray("scenarios").get(0);
    assertThat(c1.get("errors").asLong()).isZero();
    assertThat(c1.at("/featured/direct").asText()).isEqualTo("direct_embeddings");
    assertThat(c1.at("/baseline/direct").asText()).isEqualTo("direct");
    assertThat(c1.at("/direct_embeddings/p50_us").asLong()).isPositive();
  }

  @Test
  void withoutStageFlagsOneGatewayIsMeasuredAsBefore() throws Exception {
    LoadHarness h = tiny("single.json");

    assertThat(h.call()).isZero();

    JsonNode out = JSON.readTree(Files.readString(h.jsonOut));
    assertThat(out.has("stages")).isFalse();
    assertThat(out.get("gateway_cpu_us_per_request").asLong()).isPositive();
    assertThat(out.get("floor_cpu_us_per_request").asLong()).isPositive();
    assertThat(out.withArray("scenarios").get(0).get("added_p50_us")).isNotNull();
    assertThat(out.withArray("scenarios").get(1).get("rss_mb_peak").asLong()).isPositive();
    for (JsonNode r : out.withArray("scenarios")) {
      assertThat(r.get("errors").asLong()).isZero();
    }
  }

  @Test
  void theTwoGatewaysTradePlacesEveryOtherRoundSoNeitherIsAlwaysCalledLast() {
    List<LoadTarget> t = java.util.stream.Stream.of("direct", "floor", "baseline", "featured")
        .map(n -> new LoadTarget(n, -1, null, "/", "{}", java.util.Map.of())).toList();
    List<String> order = new java.util.ArrayList<>();
    for (long turn = 0; turn < 12; turn++) {
      order.add(LoadHarness.targetAt(t, 2, turn).name);
    }
    assertThat(order).containsExactly("direct", "floor", "baseline", "featured", "direct", "floor", "featured",
        "baseline", "direct", "floor", "baseline", "featured");
    assertThat(LoadHarness.targetAt(t, 1, 7).name).isEqualTo("featured");
  }
}
