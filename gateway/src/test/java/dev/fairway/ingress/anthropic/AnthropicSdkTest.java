package dev.fairway.ingress.anthropic;

import dev.fairway.metering.PromptTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.fairway.testing.TestGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Anthropic Java SDK, unmodified, with only its base URL pointed at Fairway: against a
 * model served over Anthropic's protocol ({@code claude}) and one served over OpenAI's ({@code gpt}).
 */
class AnthropicSdkTest {
  static TestGateway t;
  static AnthropicClient client;
  static final Tool WEATHER = Tool.builder().name("get_weather").description("Weather in a city")
      .inputSchema(Tool.InputSchema.builder()
          .properties(Tool.InputSchema.Properties.builder()
              .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build())
          .required(List.of("city"))
          .build())
      .build();

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          anthropic: {protocol: anthropic, base_url: "${MOCK}", api_key: sk-ant-gateway}
          openai: {protocol: openai, base_url: "${MOCK}/v1", api_key: sk-gateway}
        models:
          - {id: claude, owner: anthropic, prices: {input: 3, output: 15}, context_window: 200000,
             capabilities: [tools, vision, json], deployments: [{provider: anthropic, model: claude-up}]}
          - {id: gpt, owner: openai, prices: {input: 1, output: 2}, context_window: 100000,
             capabilities: [tools, vision, json], deployments: [{provider: openai, model: gpt-up}]}
        """);
    client = AnthropicOkHttpClient.builder().baseUrl(t.baseUrl()).apiKey("sk-ant-client").maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    t.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude", "gpt"})
  void createsAMessage(String model) {
    Message m = client.messages().create(MessageCreateParams.builder().model(model).maxTokens(256)
        .system("Be brief.").addUserMessage("What is 6 * 7?").addStopSequence("NEVER-SEEN").build());

    assertThat(m.model().asString()).isEqualTo(model);
    assertThat(m.content()).hasSize(1);
    assertThat(m.content().get(0).text().orElseThrow().text()).startsWith("[simulated " + model + "-up] The answer is");
    assertThat(m.stopReason()).contains(StopReason.END_TURN);
    assertThat(m.usage().inputTokens()).isPositive();
    assertThat(m.usage().outputTokens()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude", "gpt"})
  void streamsAMessage(String model) {
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(MessageCreateParams.builder()
        .model(model).maxTokens(256).addUserMessage("Tell me about gateways").build())) {
      s.stream().forEach(acc::accumulate);
    }
    Message m = acc.message();

    assertThat(m.model().asString()).isEqualTo(model);
    assertThat(m.content().get(0).text().orElseThrow().text())
        .startsWith("[simulated " + model + "-up] About \"Tell me about gateways\"");
    assertThat(m.stopReason()).contains(StopReason.END_TURN);
    assertThat(m.usage().outputTokens()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude", "gpt"})
  void completesAToolUseRoundTrip(String model) {
    MessageCreateParams.Builder conversation = MessageCreateParams.builder().model(model).maxTokens(256)
        .addTool(WEATHER).addUserMessage("Call get_weather for Lisbon");
    Message first = client.messages().create(conversation.build());

    assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock call = first.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
    assertThat(call.name()).isEqualTo("get_weather");
    Map<?, ?> input = call._input().convert(Map.class);
    assertThat(input).isEqualTo(Map.of("city", "Lisbon"));

    Message second = client.messages().create(conversation.addMessage(first)
        .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
            .toolUseId(call.id()).content("21C and clear").build())))
        .build());

    assertThat(second.stopReason()).contains(StopReason.END_TURN);
    assertThat(second.content().get(0).text().orElseThrow().text()).contains("The tool returned: 21C and clear");
  }

  @Test
  void countsTokensWithTheProvidersOwnCountOverAnthropicsProtocolAndAnEstimateOverOthers() {
    String text = "Count these words for me, please, all of them";
    long claude = client.messages().countTokens(MessageCountTokensParams.builder().model("claude")
        .addUserMessage(text).build()).inputTokens();
    long gpt = client.messages().countTokens(MessageCountTokensParams.builder().model("gpt")
        .addUserMessage(text).build()).inputTokens();
    long billed = client.messages().create(MessageCreateParams.builder().model("claude").maxTokens(16)
        .addUserMessage(text).build()).usage().inputTokens();

    assertThat(claude).isEqualTo(billed); // Anthropic's count is what the message then uses
    assertThat(gpt).isEqualTo(PromptTokens.inputTokens(
        dev.fairway.api.ChatRequest.builder("gpt").messages(List.of(dev.fairway.api.Message.user(text))).build()));
    assertThat(claude).isNotEqualTo(gpt);
  }

  @Test
  void surfacesAnUnknownModelAsTheSdksNotFoundError() {
    assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("nope").maxTokens(10)
        .addUserMessage("hi").build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("does not exist");
  }
}
