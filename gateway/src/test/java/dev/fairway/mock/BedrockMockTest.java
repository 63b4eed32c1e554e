package dev.fairway.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;

/** The Bedrock face of the mock answers as Bedrock does, read with a plain HTTP client. */
class BedrockMockTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final MockServer mock = MockServer.start(MockServer.Config.loopback(0));

  @AfterEach
  void stop() {
    mock.close();
  }

  @Test
  void refusesAnUnsignedCallAsAwsDoes() throws Exception {
    HttpResponse<String> r = post("/model/amazon.nova-lite-v1%3A0/converse", null, "{}");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("x-amzn-ErrorType").orElseThrow())
        .startsWith("MissingAuthenticationTokenException:");
    assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("Missing Authentication Token");
  }

  @Test
  void answersConverseWithOutputStopReasonUsageAndMetrics() throws Exception {
    HttpResponse<String> r = post("/model/amazon.nova-lite-v1%3A0/converse", "Bearer k",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"What is 2 + 2?\"}]}]}");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode b = JSON.readTree(r.body());
    assertThat(b.at("/output/message/role").asText()).isEqualTo("assistant");
    assertThat(b.at("/output/message/content/0/text").asText()).startsWith("[simulated amazon.nova-lite-v1:0]");
    assertThat(b.path("stopReason").asText()).isEqualTo("end_turn");
    assertThat(b.at("/usage/totalTokens").asInt())
        .isEqualTo(b.at("/usage/inputTokens").asInt() + b.at("/usage/outputTokens").asInt());
    assertThat(b.at("/metrics/latencyMs").isIntegralNumber()).isTrue();
    assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void rejectsWhatBedrockRejects() throws Exception {
    HttpResponse<String> twice = post("/model/amazon.nova-lite-v1%3A0/converse", "Bearer k",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]},{\"role\":\"user\",\"content\":[{\"text\":\"b\"}]}]}");
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.headers().firstValue("x-amzn-ErrorType").orElseThrow()).startsWith("ValidationException:");
    assertThat(twice.body()).contains("must alternate between user and assistant");

    HttpResponse<String> titan = post("/model/amazon.titan-text-express-v1/converse", "Bearer k",
        "{\"system\":[{\"text\":\"s\"}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}]}");
    assertThat(titan.statusCode()).isEqualTo(400);
    assertThat(titan.body()).contains("doesn't support system messages");
  }

  @Test
  void streamsBinaryEventStreamFrames() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/model/amazon.nova-lite-v1%3A0/converse-stream"))
        .header("authorization", "Bearer k").header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Tell me about gateways\"}]}]}")).build();
    HttpResponse<byte[]> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.headers().firstValue("content-type").orElseThrow()).isEqualTo("application/vnd.amazon.eventstream");
    List<String> types = new ArrayList<>();
    ByteBuffer bb = ByteBuffer.wrap(r.body());
    while (bb.hasRemaining()) {
      int total = bb.getInt(bb.position());
      Message m = Message.decode(bb.slice(bb.position(), total));
      bb.position(bb.position() + total);
      types.add(m.getHeaders().get(":event-type").getString());
      assertThat(m.getHeaders().get(":message-type").getString()).isEqualTo("event");
    }
    assertThat(types.get(0)).isEqualTo("messageStart");
    assertThat(types).contains("contentBlockDelta", "contentBlockStop");
    assertThat(types.subList(types.size() - 2, types.size())).containsExactly("messageStop", "metadata");
  }

  HttpResponse<String> post(String path, String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("authorization", auth);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
