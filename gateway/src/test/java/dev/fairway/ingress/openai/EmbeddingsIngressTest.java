package dev.fairway.ingress.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.EmbeddingResponse;
import dev.fairway.api.GatewayError;
import dev.fairway.testing.Http;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The {@code /v1/embeddings} wire in OpenAI's shape: decoding with errors naming the field, and encoding. */
class EmbeddingsIngressTest {

  private static EmbeddingRequest decode(String json) {
    return EmbeddingsIngress.decode(Buffer.buffer(json));
  }

  @Test
  void decodesStringArrayAndTokenInputs() {
    assertThat(decode("{\"model\": \"m\", \"input\": \"hello\"}").inputs())
        .containsExactly(new EmbeddingRequest.Input.Text("hello"));
    EmbeddingRequest many = decode("{\"model\": \"m\", \"input\": [\"a\", \"b\"], \"dimensions\": 256,"
        + " \"encoding_format\": \"base64\", \"user\": \"u1\"}");
    assertThat(many.texts()).containsExactly("a", "b");
    assertThat(many.dimensions()).isEqualTo(256);
    assertThat(many.encoding()).isEqualTo(EmbeddingRequest.Encoding.BASE64);
    assertThat(many.user()).isEqualTo("u1");
    assertThat(decode("{\"model\": \"m\", \"input\": [1, 2, 3]}").inputs())
        .containsExactly(new EmbeddingRequest.Input.Tokens(List.of(1, 2, 3)));
    assertThat(decode("{\"model\": \"m\", \"input\": [[1], [2, 3]]}").inputs()).hasSize(2);
    assertThat(decode("{\"model\": \"m\", \"input\": \"x\"}").encoding()).isEqualTo(EmbeddingRequest.Encoding.FLOAT);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"input\": \"x\"}                                         | model",
      "{\"model\": \"m\"}                                         | input",
      "{\"model\": \"m\", \"input\": \"\"}                        | input",
      "{\"model\": \"m\", \"input\": []}                          | input",
      "{\"model\": \"m\", \"input\": {\"a\": 1}}                  | input",
      "{\"model\": \"m\", \"input\": [\"a\", 5]}                  | input[1]",
      "{\"model\": \"m\", \"input\": [[1, -2]]}                   | input[0][1]",
      "{\"model\": \"m\", \"input\": \"x\", \"dimensions\": 0}    | dimensions",
      "{\"model\": \"m\", \"input\": \"x\", \"dimensions\": \"a\"} | dimensions",
      "{\"model\": \"m\", \"input\": \"x\", \"encoding_format\": \"int8\"} | encoding_format",
      "{\"model\": \"m\", \"input\": \"x\", \"colour\": 1}        | colour"})
  void refusesMalformedBodiesNamingTheField(String body, String param) {
    assertThatThrownBy(() -> decode(body)).isInstanceOfSatisfying(GatewayError.class, e -> {
      assertThat(e.param()).isEqualTo(param);
      assertThat(e.kind().httpStatus()).isEqualTo(400);
    });
  }

  @Test
  void encodesFloatsOrLittleEndianFloat32Base64() throws Exception {
    EmbeddingResponse r = new EmbeddingResponse("up", List.of(new float[] {1.0f, -2.5f}, new float[] {0.0f, 0.5f}), 7);

    JsonNode floats = Http.JSON.readTree(EmbeddingsIngress.encode(r, "text-embedding-3-small",
        EmbeddingRequest.Encoding.FLOAT).toString());
    assertThat(floats.path("object").asText()).isEqualTo("list");
    assertThat(floats.path("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(floats.path("data").get(1).path("index").asInt()).isEqualTo(1);
    assertThat(floats.path("data").get(0).path("object").asText()).isEqualTo("embedding");
    assertThat(floats.path("data").get(0).path("embedding").get(1).asDouble()).isEqualTo(-2.5);
    assertThat(floats.path("usage").path("prompt_tokens").asLong()).isEqualTo(7);
    assertThat(floats.path("usage").path("total_tokens").asLong()).isEqualTo(7);

    JsonNode b64 = Http.JSON.readTree(EmbeddingsIngress.encode(r, "m", EmbeddingRequest.Encoding.BASE64).toString());
    // 1.0f is 0x3F800000, little-endian 00 00 80 3F; -2.5f is 0xC0200000 -> 00 00 20 C0
    assertThat(b64.path("data").get(0).path("embedding").asText()).isEqualTo("AACAPwAAIMA=");
  }
}
