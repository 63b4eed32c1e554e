package dev.fairway;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.testing.TestGateway;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The usage ledger and the decision log are on by default and can each be switched off; off, a
 * request journals nothing for them, which is what makes {@code bench/run load}'s stages-off
 * baseline honest.
 */
class StageSwitchesTest {
  private static final String MODELS = """
      routing: {embedder: none}
      providers:
        mock: {protocol: openai, base_url: "${MOCK}/v1"}
      models:
        - {id: m, owner: o, prices: {input: 1, output: 1}, context_window: 8000, deployments: [{provider: mock}]}
      """;

  private static long journaledAfterThreeRequests(String yaml) throws InterruptedException {
    try (TestGateway t = TestGateway.start(yaml + MODELS)) {
      for (int i = 0; i < 3; i++) {
        assertThat(t.http.post("/v1/chat/completions", chat("m", "hello " + i)).status()).isEqualTo(200);
      }
      assertThat(t.gateway.outbox().flush(Duration.ofSeconds(30))).isTrue();
      return t.gateway.outbox().stats().appended();
    }
  }

  @Test
  void byDefaultEveryRequestJournalsALedgerRowAndADecisionRecord() throws Exception {
    assertThat(journaledAfterThreeRequests("")).isEqualTo(6);
  }

  @Test
  void eachSwitchedOffStageJournalsNothing() throws Exception {
    assertThat(journaledAfterThreeRequests("ledger: {enabled: false}\n")).isEqualTo(3);
    assertThat(journaledAfterThreeRequests("transparency: {enabled: false}\n")).isEqualTo(3);
    assertThat(journaledAfterThreeRequests("ledger: {enabled: false}\ntransparency: {enabled: false}\n")).isZero();
  }
}
