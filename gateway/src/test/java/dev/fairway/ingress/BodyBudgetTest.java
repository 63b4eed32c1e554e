package dev.fairway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {

  @Test
  void reservesWithinTheLimitAndAlwaysAdmitsOneWhenNothingIsHeld() {
    BodyBudget b = new BodyBudget(100);
    assertThat(b.tryReserve(150)).as("alone, even over the limit").isTrue();
    assertThat(b.tryReserve(1)).isFalse();
    b.release(150);
    assertThat(b.tryReserve(60)).isTrue();
    assertThat(b.tryReserve(40)).isTrue();
    assertThat(b.tryReserve(1)).isFalse();
    b.release(40);
    assertThat(b.tryReserve(30)).isTrue();
    assertThat(b.held()).isEqualTo(90);
  }

  @Test
  void aLargeBodyOverTheBufferBudgetGets503InOpenAisFormatAndTheBudgetComesBackAfterward() throws Exception {
    try (TestGateway t = TestGateway.start("""
        server: {port: 0, max_body_bytes: 100000, max_buffered_bytes: 60000}
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: m, owner: test, prices: {input: 1, output: 1}, context_window: 100000, deployments: [{provider: mock}]}
        """)) {
      t.mock.behave(MockBehaviour.DEFAULT.withTtftMs(1500));
      String large = Http.chat("m", "word ".repeat(10_000)); // ~50 kB
      CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(
          () -> t.http.post("/v1/chat/completions", large));
      // the first request holds its 50 kB from arrival until its answer; wait until the mock has it
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (t.mock.requestCount() == 0 && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      assertThat(t.mock.requestCount()).isEqualTo(1);

      Http.Response refused = t.http.post("/v1/chat/completions", large);
      Http.Response small = t.http.post("/v1/chat/completions", Http.chat("m", "hi"));

      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.header("retry-after")).isEqualTo("1");
      JsonNode err = refused.json().path("error");
      assertThat(err.path("code").asText()).isEqualTo("overloaded");
      assertThat(err.path("message").asText()).contains("retry");
      assertThat(small.status()).as("a small body still fits").isEqualTo(200);
      assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      t.mock.behave(MockBehaviour.DEFAULT);
      assertThat(t.http.post("/v1/chat/completions", large).status()).as("released after the answer").isEqualTo(200);
    }
  }
}
