package dev.fairway.ingress.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import dev.fairway.testing.TestGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, unmodified, with only its base URL pointed at Fairway. */
class OpenAiSdkTest {
  static TestGateway t;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    t = TestGateway.withModels("alpha");
    client = OpenAIOkHttpClient.builder().baseUrl(t.baseUrl() + "/v1").apiKey("sk-any").maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    t.close();
  }

  @Test
  void completesAChat() {
    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("alpha").addSystemMessage("Be brief.").addUserMessage("What is 6 * 7?").temperature(0.2).build());

    assertThat(c.model()).isEqualTo("alpha");
    assertThat(c.choices()).hasSize(1);
    assertThat(c.choices().get(0).message().content()).hasValueSatisfying(s -> assertThat(s).startsWith("[simulated alpha]"));
    assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(c.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(u.promptTokens() + u.completionTokens()));
  }

  @Test
  void streamsAChat() {
    StringBuilder text = new StringBuilder();
    long[] usage = {0};
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("alpha").addUserMessage("Tell me about gateways")
            .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build())) {
      s.stream().forEach(chunk -> {
        chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
        chunk.usage().ifPresent(u -> usage[0] = u.completionTokens());
      });
    }
    assertThat(text.toString()).startsWith("[simulated alpha] About \"Tell me about gateways\"");
    assertThat(usage[0]).isPositive();
  }

  @Test
  void callsTools() {
    ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description("Weather in a city")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build())
        .build()).build();

    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("alpha").addUserMessage("Call get_weather for Lisbon").addTool(weather).build());

    ChatCompletionMessageFunctionToolCall call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Lisbon\"}");
    assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);

    StringBuilder args = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("alpha").addUserMessage("Call get_weather for Lisbon").addTool(weather).build())) {
      s.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().toolCalls().ifPresent(tcs ->
          tcs.forEach(tc -> tc.function().flatMap(f -> f.arguments()).ifPresent(args::append)))));
    }
    assertThat(args.toString()).isEqualTo("{\"city\":\"Lisbon\"}");
  }

  @Test
  void surfacesAnUnknownModelAsTheSdksNotFoundError() {
    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("nope").addUserMessage("hi").build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("does not exist");
  }
}
