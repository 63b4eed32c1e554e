package dev.fairway.mock;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.testing.Http;
import org.junit.jupiter.api.Test;

/** The newcomer's first run: every demo model answers, marked simulated, at its real list price. */
class DemoTest {

  @Test
  void everyDemoModelAnswersAndIsMarkedSimulated() throws Exception {
    try (Demo demo = Demo.start("127.0.0.1", 0, true, java.nio.file.Files.createTempDirectory("fairway-demo-"), null)) {
      Http http = new Http("http://127.0.0.1:" + demo.port());
      for (Demo.Profile p : Demo.PROFILES) {
        Http.Response r = http.post("/v1/chat/completions", chat(p.model(), "What is 17 * 23?"));
        assertThat(r.status()).as(p.model()).isEqualTo(200);
        assertThat(r.header("x-fairway-simulated")).isEqualTo("true");
        assertThat(r.header("x-fairway-model")).isEqualTo(p.model());
        assertThat(r.json().at("/choices/0/message/content").asText()).startsWith("[simulated " + p.upstreamModel() + "]");
        assertThat(r.json().path("system_fingerprint").asText()).isEqualTo("fairway-simulated");
        assertThat(Double.parseDouble(r.header("x-fairway-cost-usd"))).isPositive();
      }
    }
  }

  @Test
  void neverReachesARealProviderWhateverKeysAreSet() {
    var cfg = Demo.config("http://127.0.0.1:1", "127.0.0.1", 0);
    assertThat(cfg.catalog().providers()).allSatisfy((id, p) -> {
      assertThat(p.simulated()).isTrue();
      assertThat(p.baseUrl().getHost()).isEqualTo("127.0.0.1");
    });
    assertThat(cfg.catalog().find("gpt-4o").orElseThrow().prices().input()).isEqualByComparingTo("2.50");
  }

  @Test
  void strongerModelsGetCheckableAnswersRightMoreOften() {
    int strong = 0;
    int weak = 0;
    for (int i = 0; i < 200; i++) {
      String q = "What is " + (100 + i) + " * " + (7 + i % 13) + "?";
      long right = (100L + i) * (7 + i % 13);
      strong += answer("claude-sonnet-4-5", q, 0.91).contains(" " + right + ".") ? 1 : 0;
      weak += answer("llama-3.1-8b", q, 0.52).contains(" " + right + ".") ? 1 : 0;
    }
    assertThat(strong).isBetween(160, 200);
    assertThat(weak).isBetween(80, 130);
  }

  private static String answer(String model, String q, double quality) {
    MockPrompt p = new MockPrompt(model, q, q.length(), java.util.List.of(), java.util.List.of(), java.util.List.of(),
        "auto", false, null, java.util.List.of(), null, "");
    return MockBrain.answer(p, quality).text();
  }
}
