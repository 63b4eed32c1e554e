package dev.fairway.ingress.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import dev.fairway.testing.TestGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK's {@code responses()} (and {@code embeddings()}), unmodified, against Fairway. */
class ResponsesSdkTest {
  static TestGateway t;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          openai: {protocol: openai, base_url: "${MOCK}/v1", api_key: k}
          anthropic: {protocol: anthropic, base_url: "${MOCK}", api_key: k}
        models:
          - {id: alpha, owner: openai, prices: {input: 1, output: 2}, context_window: 100000,
             capabilities: [tools, vision, json], deployments: [{provider: openai, model: alpha}]}
          - {id: claude, owner: anthropic, prices: {input: 3, output: 15}, context_window: 200000,
             capabilities: [tools, vision, json], deployments: [{provider: anthropic, model: claude-up}]}
          - {id: text-embedding-3-small, owner: openai, prices: {input: 0.02, output: 0}, context_window: 8191,
             capabilities: [embeddings], deployments: [{provider: openai, model: text-embedding-3-small}]}
        """);
    client = OpenAIOkHttpClient.builder().baseUrl(t.baseUrl() + "/v1").apiKey("sk-any").maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    t.close();
  }

  private static String text(Response r) {
    return r.output().stream().flatMap(i -> i.message().stream()).flatMap(m -> m.content().stream())
        .flatMap(c -> c.outputText().stream()).map(o -> o.text()).reduce("", String::concat);
  }

  @Test
  void createsAResponse() {
    Response r = client.responses().create(ResponseCreateParams.builder().model("alpha").instructions("Be brief.")
        .input("What is 6 * 7?").build());

    assertThat(r.id()).startsWith("resp_");
    assertThat(text(r)).startsWith("[simulated alpha]");
    assertThat(r.usage()).hasValueSatisfying(u -> {
      assertThat(u.totalTokens()).isEqualTo(u.inputTokens() + u.outputTokens());
      assertThat(u.inputTokensDetails().cachedTokens()).isZero();
      assertThat(u.outputTokensDetails().reasoningTokens()).isZero();
    });
  }

  @Test
  void streamsAResponse() {
    StringBuilder text = new StringBuilder();
    Response[] completed = {null};
    try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(ResponseCreateParams.builder()
        .model("claude").input("Tell me about gateways").build())) {
      s.stream().forEach(e -> {
        e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
        e.completed().ifPresent(c -> completed[0] = c.response());
      });
    }
    assertThat(text.toString()).startsWith("[simulated claude-up]");
    assertThat(completed[0]).isNotNull();
    assertThat(text(completed[0])).isEqualTo(text.toString());
    assertThat(completed[0].usage().orElseThrow().outputTokens()).isPositive();
  }

  @Test
  void callsAFunctionAndAnswersItsOutput() {
    FunctionTool weather = FunctionTool.builder().name("get_weather").description("Weather in a city").strict(false)
        .parameters(FunctionTool.Parameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build())
        .build();
    Response first = client.responses().create(ResponseCreateParams.builder().model("alpha")
        .input("Use get_weather for Paris").addTool(weather).build());
    ResponseFunctionToolCall call = first.output().stream().flatMap(i -> i.functionCall().stream()).findFirst()
        .orElseThrow();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.arguments()).contains("city");

    Response second = client.responses().create(ResponseCreateParams.builder().model("alpha").addTool(weather)
        .inputOfResponse(List.of(
            ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                .content("Use get_weather for Paris").build()),
            ResponseInputItem.ofFunctionCall(call),
            ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId()).output("18 C and sunny").build())))
        .build());
    assertThat(text(second)).contains("18 C and sunny");
    assertThat(second.output()).noneMatch(ResponseOutputItem::isFunctionCall);
  }

  /** What the structured-output test asks for: the SDK derives a strict JSON schema from it. */
  public static class City {
    @JsonPropertyDescription("the city's name")
    public String name;
    public long population;
  }

  @Test
  void parsesStructuredOutputIntoAClass() {
    StructuredResponse<City> r = client.responses().create(ResponseCreateParams.builder().model("claude")
        .input("Name a large city").text(City.class).build());

    City city = r.output().stream().flatMap(i -> i.message().stream()).flatMap(m -> m.content().stream())
        .flatMap(c -> c.outputText().stream()).findFirst().orElseThrow();
    assertThat(city.name).isNotBlank();
    assertThat(city.population).isEqualTo(42);
  }

  @Test
  void createsEmbeddings() {
    CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("hello").dimensions(64).build());

    assertThat(r.data()).hasSize(1);
    assertThat(r.data().get(0).embedding()).hasSize(64);
    assertThat(r.usage().promptTokens()).isPositive();
  }
}
