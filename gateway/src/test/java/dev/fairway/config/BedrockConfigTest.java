package dev.fairway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

import dev.fairway.catalog.ProviderConfig;
/** How a Bedrock provider gets its credentials: explicit keys or profile, a Bedrock API key, or the AWS chain. */
class BedrockConfigTest {

  @Test
  void takesExplicitAwsKeysForABedrockProviderFromTheEnvironment() {
    GatewayConfig c = ConfigLoader.loadText("t.yaml", """
        catalog: {builtin: false}
        providers:
          aws:
            protocol: bedrock
            region: eu-west-1
            aws_access_key_id: ${MY_KEY_ID}
            aws_secret_access_key: ${MY_SECRET}
            aws_session_token: ${MY_TOKEN}
        models:
          - {id: nova, owner: amazon, prices: {input: 1, output: 1}, context_window: 1000,
             deployments: [{provider: aws, model: "amazon.nova-lite-v1:0"}]}
        """, Map.of("MY_KEY_ID", "AKIAEXAMPLEKEY12", "MY_SECRET", "s3cr3t", "MY_TOKEN", "tok"));

    ProviderConfig p = c.catalog().provider("aws");
    assertThat(p.baseUrl().toString()).isEqualTo("https://bedrock-runtime.eu-west-1.amazonaws.com");
    assertThat(p.aws().accessKeyId()).isEqualTo("AKIAEXAMPLEKEY12");
    assertThat(p.aws().secretAccessKey().value()).isEqualTo("s3cr3t");
    assertThat(p.aws().sessionToken().value()).isEqualTo("tok");
    assertThat(p.toString()).doesNotContain("s3cr3t").doesNotContain("tok,").doesNotContain("AKIAEXAMPLEKEY12");
  }

  @Test
  void takesANamedProfileOrNothingForTheDefaultChain() {
    GatewayConfig c = ConfigLoader.loadText("t.yaml", """
        catalog: {builtin: false}
        providers:
          prod: {protocol: bedrock, region: us-east-1, aws_profile: prod}
          chain: {protocol: bedrock, region: us-west-2}
        models:
          - {id: a, owner: amazon, prices: {input: 1, output: 1}, context_window: 1000,
             deployments: [{provider: prod, model: m}, {provider: chain, model: m}]}
        """, Map.of());

    assertThat(c.catalog().provider("prod").aws().profile()).isEqualTo("prod");
    assertThat(c.catalog().provider("chain").aws()).isNull();
    assertThat(c.catalog().provider("chain").apiKey()).isNull();
  }

  @Test
  void rejectsHalfAKeyPairAndAwsKeysOnOtherProtocols() {
    assertThatThrownBy(() -> ConfigLoader.loadText("t.yaml", """
        providers:
          aws: {protocol: bedrock, region: us-east-1, aws_access_key_id: AKIDONLY}
        """, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("aws_secret_access_key");
    assertThatThrownBy(() -> ConfigLoader.loadText("t.yaml", """
        providers:
          oa: {protocol: openai, base_url: "http://localhost:1/v1", aws_access_key_id: A, aws_secret_access_key: B}
        """, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("only for protocol bedrock");
    assertThatThrownBy(() -> ConfigLoader.loadText("t.yaml", """
        providers:
          aws: {protocol: bedrock, region: us-east-1, aws_profile: p, aws_access_key_id: A, aws_secret_access_key: B}
        """, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("not both");
  }

  @Test
  void enablesTheBuiltInBedrockFromABedrockApiKeyAlone() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("AWS_BEARER_TOKEN_BEDROCK", "ABSKexamplekey", "AWS_REGION",
        "eu-central-1"));

    ProviderConfig p = c.catalog().provider("bedrock");
    assertThat(p.apiKey().value()).isEqualTo("ABSKexamplekey");
    assertThat(p.region()).isEqualTo("eu-central-1");
    assertThat(c.catalog().find("nova-pro")).isPresent();
  }

  @Test
  void enablesTheBuiltInBedrockFromAwsKeysForTheProviderChain() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s"));

    ProviderConfig p = c.catalog().provider("bedrock");
    assertThat(p.apiKey()).isNull();
    assertThat(p.aws()).isNull(); // the adapter resolves them through the AWS default provider chain
  }
}
