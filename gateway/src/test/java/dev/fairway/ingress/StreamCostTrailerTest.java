package dev.fairway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer's cost is known only once the stream ends, so it travels as the HTTP trailer
 * {@code x-fairway-cost-usd} (announced by a {@code trailer} header): read here by a client that
 * reads trailers (Vert.x's), over real HTTP, in both client protocols.
 */
class StreamCostTrailerTest {
  // $3 per million input tokens and $15 per million output tokens: distinct, so swapping them shows
  static final BigDecimal INPUT_PRICE = BigDecimal.valueOf(3);
  static final BigDecimal OUTPUT_PRICE = BigDecimal.valueOf(15);

  static TestGateway t;
  static Vertx vertx;
  static HttpClientAgent client;

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: priced, owner: test, prices: {input: 3, output: 15}, context_window: 8000, deployments: [{provider: mock}]}
        """);
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    t.close();
  }

  record Streamed(int status, String trailerHeader, String costHeader, String cost, List<JsonNode> events) {}

  /** POSTs {@code body}, reads the whole event stream, then the trailers. */
  static Streamed stream(String path, String body) throws Exception {
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(t.gateway.port()).setURI(path).putHeader("content-type", "application/json");
    HttpClientResponse[] response = new HttpClientResponse[1];
    Buffer all = client.request(ro)
        .compose(req -> req.send(body))
        .compose(resp -> {
          response[0] = resp;
          return resp.body(); // completes at the end of the response, trailers included
        })
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    HttpClientResponse resp = response[0];
    List<JsonNode> events = new ArrayList<>();
    for (String line : all.toString().split("\n")) {
      if (line.startsWith("data: {")) {
        events.add(json(line.substring("data: ".length())));
      }
    }
    return new Streamed(resp.statusCode(), resp.getHeader("trailer"), resp.getHeader(FairwayHeaders.COST),
        resp.getTrailer(FairwayHeaders.COST), events);
  }

  static BigDecimal atListPrices(long input, long output) {
    return INPUT_PRICE.multiply(BigDecimal.valueOf(input)).add(OUTPUT_PRICE.multiply(BigDecimal.valueOf(output)))
        .movePointLeft(6);
  }

  @Test
  void anOpenAiStreamEndsWithItsCostAsATrailerMatchingItsUsage() throws Exception {
    Streamed s = stream("/v1/chat/completions", Http.chat("priced", "Tell me about trailers",
        "\"stream\":true", "\"stream_options\":{\"include_usage\":true}"));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.trailerHeader()).isEqualTo(FairwayHeaders.COST);
    assertThat(s.costHeader()).isNull(); // not known when the headers left
    JsonNode usage = s.events().get(s.events().size() - 1).path("usage");
    long in = usage.path("prompt_tokens").asLong();
    long out = usage.path("completion_tokens").asLong();
    assertThat(in).isPositive();
    assertThat(out).isPositive();
    assertThat(s.cost()).isNotNull();
    assertThat(new BigDecimal(s.cost())).isEqualByComparingTo(atListPrices(in, out));
  }

  @Test
  void anAnthropicStreamEndsWithItsCostAsATrailerMatchingItsUsage() throws Exception {
    Streamed s = stream("/v1/messages", "{\"model\":\"priced\",\"max_tokens\":256,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about trailers\"}]}");

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.trailerHeader()).isEqualTo(FairwayHeaders.COST);
    // message_delta's usage is cumulative (input tokens included when known by then, as here: an
    // OpenAI-protocol provider reports usage only at the end); message_start's is the fallback
    JsonNode start = s.events().stream().filter(e -> e.path("type").asText().equals("message_start")).findFirst()
        .orElseThrow().at("/message/usage");
    JsonNode delta = s.events().stream().filter(e -> e.path("type").asText().equals("message_delta")).findFirst()
        .orElseThrow().path("usage");
    long in = delta.has("input_tokens") ? delta.path("input_tokens").asLong() : start.path("input_tokens").asLong();
    long out = delta.path("output_tokens").asLong();
    assertThat(in).isPositive();
    assertThat(out).isPositive();
    assertThat(new BigDecimal(s.cost())).isEqualByComparingTo(atListPrices(in, out));
  }

  static JsonNode json(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (IOException e) {
      throw new AssertionError(s, e);
    }
  }
}
