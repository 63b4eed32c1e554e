package dev.fairway.mock;

import dev.fairway.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.Gateway;
import dev.fairway.config.GatewayConfig;
import dev.fairway.catalog.Protocol;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.testing.Http;
import org.junit.jupiter.api.Test;

/** The demo serves Claude models through the mock's Anthropic face, over Anthropic's protocol. */
class DemoAnthropicTest {

  @Test
  void servesClaudeModelsOverTheAnthropicProtocol() {
    try (MockServer mock = MockServer.start(MockServer.Config.loopback(0))) {
      GatewayConfig cfg = Demo.config(mock.baseUrl(), "127.0.0.1", 0);
      assertThat(cfg.catalog().find("claude-haiku-4-5").orElseThrow().deployments().get(0).provider())
          .isEqualTo("simulated-anthropic");
      assertThat(cfg.catalog().provider("simulated-anthropic").protocol()).isEqualTo(Protocol.ANTHROPIC);
      assertThat(cfg.catalog().provider("simulated-anthropic").simulated()).isTrue();

      try (Gateway gw = Gateway.start(TestDatabases.ownStorage(cfg), new Gateway.Options(1, System::nanoTime, CallEvents.NONE))) {
        Http http = new Http("http://127.0.0.1:" + gw.port());
        Http.Response claude = http.post("/v1/messages", "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"What is 17 * 23?\"}]}");
        Http.Response gpt = http.post("/v1/chat/completions", Http.chat("claude-sonnet-4-5", "hi"));

        assertThat(claude.status()).as(claude.body()).isEqualTo(200);
        assertThat(claude.json().at("/content/0/text").asText()).startsWith("[simulated claude-haiku-4-5]");
        assertThat(claude.header("x-fairway-simulated")).isEqualTo("true");
        assertThat(gpt.json().at("/choices/0/message/content").asText()).startsWith("[simulated claude-sonnet-4-5]");
        assertThat(mock.received()).extracting(MockServer.Received::uri).containsOnly("/v1/messages");
      }
    }
  }
}
