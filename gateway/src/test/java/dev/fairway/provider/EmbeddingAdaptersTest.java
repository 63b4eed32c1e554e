package dev.fairway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.EmbeddingResponse;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Model;
import dev.fairway.config.ConfigLoader;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.Http;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each protocol's embedding adapter against the mock over real HTTP: OpenAI-compatible
 * {@code /v1/embeddings} (and Azure's path), Bedrock InvokeModel for Titan and Cohere (SigV4-signed,
 * checked by the mock), Gemini {@code embedContent} and {@code batchEmbedContents}.
 */
class EmbeddingAdaptersTest {
  static MockServer mock;
  static Vertx vertx;
  static Catalog catalog;
  static Providers providers;

  @BeforeAll
  static void start() {
    mock = MockServer.start(MockServer.Config.loopback(0).withExpectedApiKey("k"));
    mock.expectAwsCredentials("AKIDEXAMPLE", "secret-example");
    String yaml = """
        catalog: {builtin: true}
        providers:
          openai: {protocol: openai, base_url: "%1$s/v1", api_key: k}
          azure: {protocol: azure-openai, base_url: "%1$s", api_key: k, api_version: 2024-10-21}
          bedrock: {protocol: bedrock, region: us-east-1, base_url: "%1$s", aws_access_key_id: AKIDEXAMPLE,
                    aws_secret_access_key: secret-example}
          gemini: {protocol: gemini, base_url: "%1$s", api_key: k}
        models:
          - id: azure-small
            owner: openai
            prices: {input: 0.02, output: 0}
            context_window: 8191
            capabilities: [embeddings]
            deployments: [{provider: azure, model: my-embeddings}]
          - id: cohere-embed-v4
            owner: cohere
            prices: {input: 0.12, output: 0}
            context_window: 128000
            capabilities: [embeddings]
            deployments: [{provider: bedrock, model: "cohere.embed-v4:0"}]
        """.formatted(mock.baseUrl());
    catalog = ConfigLoader.loadText("test.yaml", yaml, Map.of()).catalog();
    vertx = Vertx.vertx();
    providers = Providers.create(vertx, catalog, 1);
  }

  @AfterAll
  static void stop() {
    providers.close();
    vertx.close();
    mock.close();
  }

  @BeforeEach
  void clear() {
    mock.clearReceived();
    mock.behave(MockBehaviour.DEFAULT);
  }

  private static EmbeddingResponse embed(String model, Integer dims, String... texts) throws Exception {
    Model m = catalog.find(model).orElseThrow();
    EmbeddingProvider.requireCapability(m);
    var d = m.deployments().get(0);
    var req = new EmbeddingRequest(model, java.util.Arrays.stream(texts)
        .map(t -> (EmbeddingRequest.Input) new EmbeddingRequest.Input.Text(t)).toList(), dims, null, null);
    return providers.embeddings(d.provider()).orElseThrow().embed(req, d, new CallControl())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonNode lastBody() throws Exception {
    return Http.JSON.readTree(mock.lastReceived().body());
  }

  @Test
  void openAiCompatibleSendsInputsAndReadsVectorsInOrderWithUsage() throws Exception {
    EmbeddingResponse r = embed("text-embedding-3-small", 256, "alpha", "beta");

    assertThat(r.vectors()).hasSize(2);
    assertThat(r.vectors().get(0)).hasSize(256);
    assertThat(r.vectors().get(0)).isNotEqualTo(r.vectors().get(1));
    assertThat(r.inputTokens()).isPositive();
    assertThat(mock.lastReceived().uri()).isEqualTo("/v1/embeddings");
    assertThat(mock.lastReceived().headers().get("authorization")).isEqualTo("Bearer k");
    JsonNode sent = lastBody();
    assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(sent.path("dimensions").asInt()).isEqualTo(256);
    assertThat(sent.path("encoding_format").asText()).isEqualTo("float");
    assertThat(sent.path("input").get(1).asText()).isEqualTo("beta");
    // the same text gets the same vector
    assertThat(embed("text-embedding-3-small", 256, "alpha").vectors().get(0)).isEqualTo(r.vectors().get(0));
  }

  @Test
  void azureCallsTheDeploymentsEmbeddingsPath() throws Exception {
    EmbeddingResponse r = embed("azure-small", null, "hello");

    assertThat(r.vectors().get(0)).hasSize(1536);
    assertThat(mock.lastReceived().uri()).isEqualTo("/openai/deployments/my-embeddings/embeddings?api-version=2024-10-21");
    assertThat(mock.lastReceived().headers().get("api-key")).isEqualTo("k");
  }

  @Test
  void bedrockTitanSignsOneInvokeModelCallPerText() throws Exception {
    EmbeddingResponse r = embed("titan-embed-text-v2", 512, "first text", "second text");

    assertThat(r.vectors()).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(512));
    assertThat(r.inputTokens()).isEqualTo(6); // the mock's inputTextTokenCount, 3 + 3
    List<MockServer.Received> calls = mock.received();
    assertThat(calls).hasSize(2).allSatisfy(c -> {
      assertThat(c.uri()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
      assertThat(c.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
    });
    JsonNode sent = lastBody();
    assertThat(sent.has("inputText")).isTrue();
    assertThat(sent.path("dimensions").asInt()).isEqualTo(512);
    assertThat(sent.path("normalize").asBoolean()).isTrue();
  }

  @Test
  void bedrockCohereSendsAllTextsAtOnceAndReadsTheTokenHeader() throws Exception {
    EmbeddingResponse r = embed("cohere-embed-english-v3", null, "one", "two", "three");

    assertThat(r.vectors()).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(1024));
    assertThat(r.inputTokens()).isEqualTo(4); // the mock's X-Amzn-Bedrock-Input-Token-Count: 1 + 1 + 2
    assertThat(mock.received()).hasSize(1);
    JsonNode sent = lastBody();
    assertThat(sent.path("texts")).hasSize(3);
    assertThat(sent.path("input_type").asText()).isEqualTo("search_document");
    assertThat(embed("cohere-embed-v4", 256, "x").vectors().get(0)).hasSize(256);
  }

  @Test
  void bedrockRefusesWhatTheFamilyCannotDoBeforeSending() {
    assertThatThrownBy(() -> embed("titan-embed-text-v2", 300, "x"))
        .cause().isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.isUnsupportedFeature()).isTrue();
          assertThat(e.param()).isEqualTo("dimensions");
        });
    assertThat(mock.received()).isEmpty();
  }

  @Test
  void geminiUsesEmbedContentForOneTextAndBatchForSeveral() throws Exception {
    EmbeddingResponse one = embed("gemini-embedding-001", 768, "solo");
    assertThat(one.vectors().get(0)).hasSize(768);
    assertThat(mock.lastReceived().uri()).isEqualTo("/v1beta/models/gemini-embedding-001:embedContent");
    assertThat(mock.lastReceived().headers().get("x-goog-api-key")).isEqualTo("k");
    assertThat(lastBody().path("outputDimensionality").asInt()).isEqualTo(768);
    assertThat(one.inputTokens()).isPositive(); // Gemini reports none: Fairway's own count

    EmbeddingResponse batch = embed("gemini-embedding-001", null, "a", "b", "c");
    assertThat(batch.vectors()).hasSize(3);
    assertThat(mock.lastReceived().uri()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    assertThat(lastBody().path("requests")).hasSize(3);
  }

  @Test
  void providerErrorsAreMappedIntoTheTaxonomy() {
    mock.behave(MockBehaviour.DEFAULT.withErrors(1.0, 429));

    assertThatThrownBy(() -> embed("text-embedding-3-small", null, "x")).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
  }

  @Test
  void chatModelsRefuseEmbeddingsAndAnthropicHasNone() {
    assertThatThrownBy(() -> EmbeddingProvider.requireCapability(catalog.find("gpt-4o").orElseThrow()))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.param()).isEqualTo("model");
          assertThat(e.getMessage()).contains("does not create embeddings");
        });
  }
}
