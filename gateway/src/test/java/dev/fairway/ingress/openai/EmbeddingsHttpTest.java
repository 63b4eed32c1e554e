package dev.fairway.ingress.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.mock.Demo;
import dev.fairway.testing.Http;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/embeddings} through the pipeline, against the demo's three embedding models. */
class EmbeddingsHttpTest {
  static Demo demo;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    demo = Demo.start("127.0.0.1", 0, true, Files.createTempDirectory("fairway-emb-"), null);
    http = new Http("http://127.0.0.1:" + demo.port());
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void everyDemoEmbeddingModelAnswersInOpenAisShapeAndIsMetered() {
    for (String model : new String[] {"text-embedding-3-small", "titan-embed-text-v2", "gemini-embedding-001"}) {
      Http.Response r = http.post("/v1/embeddings", "{\"model\":\"" + model + "\",\"input\":[\"hello\",\"world\"]}");
      assertThat(r.status()).as(model + ": " + r.body()).isEqualTo(200);
      assertThat(r.json().path("object").asText()).isEqualTo("list");
      assertThat(r.json().path("data")).hasSize(2);
      assertThat(r.json().at("/data/1/index").asInt()).isEqualTo(1);
      assertThat(r.json().at("/usage/prompt_tokens").asLong()).isPositive();
      assertThat(r.header("x-fairway-model")).isEqualTo(model);
      assertThat(r.header("x-fairway-cost-usd")).isNotNull();
    }
  }

  @Test
  void aChatModelARouterAndAMalformedBodyAreRefusedClearly() {
    Http.Response chat = http.post("/v1/embeddings", "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}");
    assertThat(chat.status()).isEqualTo(400);
    assertThat(chat.json().at("/error/message").asText()).contains("does not make embeddings");
    Http.Response router = http.post("/v1/embeddings", "{\"model\":\"auto\",\"input\":\"hi\"}");
    assertThat(router.status()).isEqualTo(400);
    assertThat(router.json().at("/error/message").asText()).contains("router");
    Http.Response bad = http.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":7}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/param").asText()).isEqualTo("input");
    Http.Response chatOnEmbedding = http.post("/v1/chat/completions", Http.chat("text-embedding-3-small", "hi"));
    assertThat(chatOnEmbedding.status()).isEqualTo(400);
  }
}
