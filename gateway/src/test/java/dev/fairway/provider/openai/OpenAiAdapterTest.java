package dev.fairway.provider.openai;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** What the OpenAI-compatible adapter puts on the wire for each flavour of provider. */
class OpenAiAdapterTest {

  @Test
  void callsAzureWithApiKeyHeaderDeploymentPathAndApiVersion() {
    try (TestGateway t = TestGateway.start("""
        providers:
          azure: {protocol: azure-openai, base_url: "${MOCK}", api_key: az-secret, api_version: 2024-10-21}
        models:
          - {id: gpt-4o, owner: openai, prices: {input: 2.5, output: 10}, context_window: 128000,
             deployments: [{provider: azure, model: my-gpt4o}]}
        """)) {
      Http.Response r = t.http.post("/v1/chat/completions", chat("gpt-4o", "hello", "\"max_tokens\":20"));

      assertThat(r.status()).isEqualTo(200);
      var got = t.mock.lastReceived();
      assertThat(got.uri()).isEqualTo("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21");
      assertThat(got.headers().get("api-key")).isEqualTo("az-secret");
      assertThat(got.headers()).doesNotContainKey("authorization");
      assertThat(got.body()).contains("\"max_completion_tokens\":20").doesNotContain("\"max_tokens\"");
      assertThat(r.json().path("model").asText()).isEqualTo("gpt-4o");
    }
  }

  @Test
  void sendsConfiguredExtraHeadersAndBearerKeyToCompatibleServers() {
    try (TestGateway t = TestGateway.start("""
        providers:
          vllm:
            protocol: openai
            base_url: "${MOCK}/v1"
            api_key: local-key
            headers: {OpenAI-Organization: org-42, X-Team: search}
        models:
          - {id: llama, owner: meta, prices: {input: 0, output: 0}, context_window: 8192,
             deployments: [{provider: vllm, model: "meta-llama/Llama-3.1-8B-Instruct"}]}
        """)) {
      Http.Response r = t.http.post("/v1/chat/completions", chat("llama", "hello", "\"max_tokens\":20"));

      assertThat(r.status()).isEqualTo(200);
      var got = t.mock.lastReceived();
      assertThat(got.headers().get("authorization")).isEqualTo("Bearer local-key");
      assertThat(got.headers().get("openai-organization")).isEqualTo("org-42");
      assertThat(got.headers().get("x-team")).isEqualTo("search");
      // compatible servers get the classic max_tokens
      assertThat(got.body()).contains("\"model\":\"meta-llama/Llama-3.1-8B-Instruct\"").contains("\"max_tokens\":20");
      assertThat(r.header("x-fairway-cost-usd")).isEqualTo("0");
    }
  }

  @Test
  void neverForwardsTheClientsOwnCredentials() {
    try (TestGateway t = TestGateway.withModels("alpha")) {
      t.http.post("/v1/chat/completions", chat("alpha", "hi"), "authorization", "Bearer client-secret");

      assertThat(t.mock.lastReceived().headers().get("authorization")).isEqualTo("Bearer test-key");
      assertThat(t.mock.lastReceived().toString()).doesNotContain("client-secret");
    }
  }

  @Test
  void reportsTheGatewaysOwnCredentialFailureWithoutBlamingTheClient() {
    try (TestGateway t = TestGateway.startWithMockKey("right-key", """
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1", api_key: sk-wrong-key-123456}
        models:
          - {id: m, owner: o, prices: {input: 1, output: 1}, context_window: 100, deployments: [{provider: mock}]}
        """)) {
      Http.Response r = t.http.post("/v1/chat/completions", chat("m", "hi"));

      assertThat(r.status()).isEqualTo(502);
      assertThat(r.json().at("/error/code").asText()).isEqualTo("upstream_auth_failed");
      assertThat(r.body()).doesNotContain("sk-wrong-key");
    }
  }
}
