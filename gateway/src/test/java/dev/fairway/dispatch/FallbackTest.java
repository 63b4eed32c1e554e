package dev.fairway.dispatch;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.mock.MockBehaviour;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Explicit routing with fallbacks: the next model answers when the first fails before any byte reached the client. */
class FallbackTest {
  TestGateway t;

  @BeforeEach
  void start() {
    t = TestGateway.start("""
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
          dead: {protocol: openai, base_url: "http://127.0.0.1:9/v1", connect_timeout_ms: 500}
        models:
          - {id: primary, owner: a, prices: {input: 1, output: 1}, context_window: 1000, capabilities: [tools],
             deployments: [{provider: mock}]}
          - {id: secondary, owner: b, prices: {input: 2, output: 2}, context_window: 1000, capabilities: [tools],
             deployments: [{provider: mock}]}
          - {id: tertiary, owner: c, prices: {input: 3, output: 3}, context_window: 1000, deployments: [{provider: mock}]}
          - {id: unreachable, owner: d, prices: {input: 1, output: 1}, context_window: 1000, deployments: [{provider: dead}]}
        aliases: {best: primary}
        fallbacks:
          primary: [secondary]
          unreachable: [secondary]
        """);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void fallsBackWhenPrimaryReturns429() {
    t.mock.behave("primary", MockBehaviour.DEFAULT.withErrors(1.0, 429));

    Http.Response r = t.http.post("/v1/chat/completions", chat("primary", "hi"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-model")).isEqualTo("secondary");
    assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
    assertThat(r.json().path("model").asText()).isEqualTo("secondary");
    assertThat(r.json().at("/choices/0/message/content").asText()).startsWith("[simulated secondary]");
  }

  @Test
  void fallsBackOnServerErrorsAndOverload() {
    for (int status : new int[] {500, 502, 503, 529}) {
      t.mock.behave("primary", MockBehaviour.DEFAULT.withErrors(1.0, status));
      Http.Response r = t.http.post("/v1/chat/completions", chat("best", "hi"));
      assertThat(r.header("x-fairway-model")).as("after %d", status).isEqualTo("secondary");
    }
  }

  @Test
  void fallsBackWhenTheProviderIsUnreachable() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("unreachable", "hi"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-model")).isEqualTo("secondary");
    assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
  }

  @Test
  void triesTheRequestsOwnModelsListInOrder() {
    t.mock.behave("tertiary", MockBehaviour.DEFAULT.withErrors(1.0, 503));
    t.mock.behave("secondary", MockBehaviour.DEFAULT.withErrors(1.0, 429));

    Http.Response r = t.http.post("/v1/chat/completions",
        chat("tertiary", "hi", "\"models\":[\"secondary\",\"primary\"]"));

    assertThat(r.header("x-fairway-model")).isEqualTo("primary");
    assertThat(r.header("x-fairway-attempts")).isEqualTo("3");
  }

  @Test
  void returnsTheLastErrorWhenEveryCandidateFails() {
    t.mock.behave("primary", MockBehaviour.DEFAULT.withErrors(1.0, 500));
    t.mock.behave("secondary", MockBehaviour.DEFAULT.withErrors(1.0, 429).withRetryAfterSeconds(7));

    Http.Response r = t.http.post("/v1/chat/completions", chat("primary", "hi"));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("retry-after")).isEqualTo("7");
    assertThat(r.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void doesNotFallBackOnAClientError() {
    t.mock.behave("primary", MockBehaviour.DEFAULT.withErrors(1.0, 400));

    Http.Response r = t.http.post("/v1/chat/completions", chat("primary", "hi"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(t.mock.received()).noneMatch(x -> x.body().contains("\"secondary\""));
  }

  @Test
  void skipsFallbacksThatCannotServeTheRequest() {
    t.mock.behave("primary", MockBehaviour.DEFAULT.withErrors(1.0, 500));
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";

    // tertiary has no tool support: with primary failing and secondary also failing, it must not be tried
    t.mock.behave("secondary", MockBehaviour.DEFAULT.withErrors(1.0, 500));
    Http.Response r = t.http.post("/v1/chat/completions", chat("primary", "hi", tools, "\"models\":[\"tertiary\"]"));

    assertThat(r.status()).isEqualTo(502);
    assertThat(t.mock.received()).noneMatch(x -> x.body().contains("\"tertiary\""));
  }

  @Test
  void streamFallsBackBeforeTheFirstToken() {
    t.mock.behave("primary", MockBehaviour.DEFAULT.withErrors(1.0, 503));

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("primary", "hi", "\"stream\":true"));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("x-fairway-model")).isEqualTo("secondary");
    assertThat(s.header("x-fairway-attempts")).isEqualTo("2");
    assertThat(s.data().get(s.data().size() - 1)).isEqualTo("[DONE]");
  }

  @Test
  void streamThatBreaksBeforeItsFirstTokenFallsBackUnseen() {
    t.mock.behave("primary", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.RESET));

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("primary", "hi", "\"stream\":true"));

    assertThat(s.header("x-fairway-model")).isEqualTo("secondary");
    assertThat(s.raw()).doesNotContain("primary");
  }

  @Test
  void streamCutAfterItsFirstTokenEndsWithAnErrorEvent() {
    t.mock.behave("primary", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.TRUNCATE));

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("primary", "tell me more", "\"stream\":true"));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("x-fairway-model")).isEqualTo("primary");
    Http.Stream.Event last = s.events().get(s.events().size() - 1);
    assertThat(last.json().at("/error/code").asText()).isEqualTo("upstream_stream_broken");
    assertThat(s.data()).doesNotContain("[DONE]");
  }

  @Test
  void timesOutAtTheClientsDeadline() {
    t.mock.behave("primary", MockBehaviour.DEFAULT.withTtftMs(5_000));
    t.mock.behave("secondary", MockBehaviour.DEFAULT.withTtftMs(5_000));

    long start = System.nanoTime();
    Http.Response r = t.http.post("/v1/chat/completions", chat("primary", "hi"), "x-fairway-timeout-ms", "300");
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.status()).isEqualTo(504);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("deadline_exceeded");
    assertThat(ms).isLessThan(2_000);
  }

  @Test
  void answersWithAMalformedUpstreamAsUpstreamError() {
    t.mock.behave("primary", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.MALFORMED));
    t.mock.behave("secondary", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.MALFORMED));

    Http.Response r = t.http.post("/v1/chat/completions", chat("primary", "hi"));

    assertThat(r.status()).isEqualTo(502);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("upstream_malformed");
  }
}
