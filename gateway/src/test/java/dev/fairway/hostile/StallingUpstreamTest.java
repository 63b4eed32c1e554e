package dev.fairway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 items 5 and 10: an upstream that stalls before its headers, after them or after its
 * first token fails the attempt with a timeout (retried on a spare before the first token, an
 * error event in the client's protocol after it); a redirect is the provider's error, not the
 * client's 400.
 */
class StallingUpstreamTest {
  static StallingUpstream upstream;
  static TestGateway t;

  @BeforeAll
  static void start() {
    upstream = new StallingUpstream();
    StringBuilder y = new StringBuilder("""
        server: {port: 0}
        routing: {embedder: none}
        providers:
          stall: {protocol: openai, base_url: "%s/v1"}
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
        """.formatted(upstream.baseUrl()));
    for (String mode : new String[] {"no-headers", "silent-after-headers", "silent-after-token", "half-body"}) {
      // the stalling deployment first; the healthy mock is a spare (weight 0), used when it fails
      y.append("  - {id: ").append(mode).append(", owner: o, prices: {input: 1, output: 1}, context_window: 100000,")
          .append(" headers_timeout_ms: 300, stream_idle_timeout_ms: 300, deployments: [{provider: stall, model: mode-")
          .append(mode).append("}, {provider: mock, model: m, weight: 0}]}\n");
    }
    y.append("  - {id: alone, owner: o, prices: {input: 1, output: 1}, context_window: 100000, stream_idle_timeout_ms: 300,")
        .append(" deployments: [{provider: stall, model: mode-silent-after-token}]}\n");
    y.append("  - {id: redirect, owner: o, prices: {input: 1, output: 1}, context_window: 100000,")
        .append(" deployments: [{provider: stall, model: mode-redirect}]}\n");
    t = TestGateway.start(y.toString());
  }

  @BeforeEach
  void healthy() {
    t.resetHealth();
  }

  @AfterAll
  static void stop() {
    t.close();
    upstream.close();
  }

  @Test
  void aStreamWhoseHeadersNeverComeIsRetriedOnTheSpare() {
    Http.Stream s = t.http.stream("/v1/chat/completions", Http.chat("no-headers", "hi", "\"stream\":true"));
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("x-fairway-deployment")).isEqualTo("mock/m");
    assertThat(s.header("x-fairway-attempts")).isEqualTo("2");
    assertThat(s.data()).last().isEqualTo("[DONE]");
  }

  @Test
  void aStreamSilentAfterItsHeadersIsRetriedOnTheSpare() {
    Http.Stream s = t.http.stream("/v1/chat/completions", Http.chat("silent-after-headers", "hi", "\"stream\":true"));
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("x-fairway-deployment")).isEqualTo("mock/m");
  }

  @Test
  void aStreamSilentAfterItsFirstTokenEndsWithAnErrorEventInOpenAisFormat() {
    Http.Stream s = t.http.stream("/v1/chat/completions", Http.chat("alone", "hi", "\"stream\":true"));
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.raw()).contains("Hello");
    Http.Stream.Event last = s.events().get(s.events().size() - 1);
    assertThat(last.json().at("/error/code").asText()).isEqualTo("stream_idle_timeout");
    assertThat(last.json().at("/error/type").asText()).isEqualTo("server_error");
  }

  @Test
  void anAnthropicClientGetsItsOwnErrorEventWhenTheStreamStallsAfterTheFirstToken() {
    Http.Stream s = t.http.stream("/v1/messages", "{\"model\":\"alone\",\"max_tokens\":10,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "anthropic-version", "2023-06-01");
    assertThat(s.raw()).contains("Hello");
    Http.Stream.Event last = s.events().get(s.events().size() - 1);
    assertThat(last.type()).isEqualTo("error");
    assertThat(last.json().at("/error/type").asText()).isEqualTo("timeout_error");
  }

  @Test
  void aPlainAnswerWhoseBodyStallsIsRetriedOnTheSpare() {
    Http.Response r = t.http.post("/v1/chat/completions", Http.chat("half-body", "hi"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-deployment")).isEqualTo("mock/m");
  }

  @Test
  void anUpstreamRedirectIsAnUpstreamErrorNotTheClients400() {
    Http.Response r = t.http.post("/v1/chat/completions", Http.chat("redirect", "hi"));
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("upstream_redirect");
    assertThat(r.body()).doesNotContain("elsewhere.example");
  }
}
