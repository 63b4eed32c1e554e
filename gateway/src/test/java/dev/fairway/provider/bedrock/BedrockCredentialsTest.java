package dev.fairway.provider.bedrock;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.mock.MockServer;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** The other ways into Bedrock: a Bedrock API key, and the AWS default provider chain. */
class BedrockCredentialsTest {
  static final String MODELS = """
      models:
        - {id: nova-micro, owner: amazon, prices: {input: 0.035, output: 0.14}, context_window: 128000,
           deployments: [{provider: aws, model: "amazon.nova-micro-v1:0"}]}
      """;

  @Test
  void sendsABedrockApiKeyAsABearerTokenInsteadOfSigning() {
    try (TestGateway t = TestGateway.start("""
        providers:
          aws: {protocol: bedrock, region: us-east-1, base_url: "${MOCK}", api_key: ABSKZmFpcndheS10ZXN0LWtleQ==}
        """ + MODELS)) {
      Http.Response r = t.http.post("/v1/chat/completions", chat("nova-micro", "hi"));

      assertThat(r.status()).as(r.body()).isEqualTo(200);
      MockServer.Received sent = t.mock.lastReceived();
      assertThat(sent.headers().get("authorization")).isEqualTo("Bearer ABSKZmFpcndheS10ZXN0LWtleQ==");
      assertThat(sent.headers()).doesNotContainKey("x-amz-date");
    }
  }

  @Test
  void signsWithTheDefaultProviderChainsSystemProperties() {
    System.setProperty("aws.accessKeyId", "AKIDFROMSYSTEMPROPS");
    System.setProperty("aws.secretAccessKey", "secret-from-system-properties");
    try (TestGateway t = TestGateway.start("""
        providers:
          aws: {protocol: bedrock, region: eu-west-3, base_url: "${MOCK}"}
        """ + MODELS)) {
      t.mock.expectAwsCredentials("AKIDFROMSYSTEMPROPS", "secret-from-system-properties");

      Http.Response r = t.http.post("/v1/chat/completions", chat("nova-micro", "hi"));

      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(t.mock.lastReceived().headers().get("authorization"))
          .startsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMSYSTEMPROPS/").contains("/eu-west-3/bedrock/aws4_request");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
