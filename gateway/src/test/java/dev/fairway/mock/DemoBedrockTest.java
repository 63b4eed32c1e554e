package dev.fairway.mock;

import dev.fairway.testing.TestDatabases;
import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.Gateway;
import dev.fairway.config.GatewayConfig;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.testing.Http;
import org.junit.jupiter.api.Test;

/** The demo serves Amazon's models through the Bedrock mock, signed with fixed demo credentials. */
class DemoBedrockTest {

  @Test
  void servesNovaThroughTheSigningBedrockMock() {
    try (MockServer mock = MockServer.start(MockServer.Config.loopback(0))) {
      mock.expectAwsCredentials(Demo.DEMO_AWS_ACCESS_KEY_ID, Demo.DEMO_AWS_SECRET_ACCESS_KEY);
      GatewayConfig cfg = Demo.config(mock.baseUrl(), "127.0.0.1", 0);
      assertThat(cfg.catalog().provider("simulated-bedrock").simulated()).isTrue();
      try (Gateway gw = Gateway.start(TestDatabases.ownStorage(cfg), new Gateway.Options(1, System::nanoTime, CallEvents.NONE))) {
        Http http = new Http("http://127.0.0.1:" + gw.port());
        for (String model : new String[] {"nova-pro", "nova-lite"}) {
          Http.Response r = http.post("/v1/chat/completions", chat(model, "What is 6 * 7?"));

          assertThat(r.status()).as(r.body()).isEqualTo(200);
          assertThat(r.header("x-fairway-provider")).isEqualTo("simulated-bedrock");
          assertThat(r.header("x-fairway-simulated")).isEqualTo("true");
          assertThat(r.json().at("/choices/0/message/content").asText()).startsWith("[simulated amazon." + model);
          assertThat(mock.lastReceived().uri()).startsWith("/model/amazon." + model + "-v1%3A0/converse");
          assertThat(mock.lastReceived().headers().get("authorization"))
              .startsWith("AWS4-HMAC-SHA256 Credential=" + Demo.DEMO_AWS_ACCESS_KEY_ID + "/");
        }
      }
    }
  }
}
