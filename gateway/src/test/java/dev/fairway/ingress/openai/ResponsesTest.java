package dev.fairway.ingress.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/responses} over real HTTP, served by an OpenAI-protocol and an Anthropic-protocol provider. */
class ResponsesTest {
  static TestGateway t;

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          openai: {protocol: openai, base_url: "${MOCK}/v1", api_key: k}
          anthropic: {protocol: anthropic, base_url: "${MOCK}", api_key: k}
        models:
          - {id: gpt, owner: openai, prices: {input: 1, output: 2}, context_window: 100000,
             capabilities: [tools, vision, json], deployments: [{provider: openai, model: gpt-up}]}
          - {id: claude, owner: anthropic, prices: {input: 3, output: 15}, context_window: 200000,
             capabilities: [tools, vision, json], deployments: [{provider: anthropic, model: claude-up}]}
        """);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @BeforeEach
  void clear() {
    t.mock.clearReceived();
  }

  private static final String WEATHER_TOOL = """
      {"type": "function", "name": "get_weather", "description": "Weather in a city",
       "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}""";

  @ParameterizedTest
  @ValueSource(strings = {"gpt", "claude"})
  void answersAStringInputWithAResponseObject(String model) {
    Http.Response r = t.http.post("/v1/responses", """
        {"model": "%s", "instructions": "Be brief.", "input": "What is 6 * 7?", "metadata": {"k": "v"}}""".formatted(model));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode b = r.json();
    assertThat(b.path("object").asText()).isEqualTo("response");
    assertThat(b.path("id").asText()).startsWith("resp_");
    assertThat(b.path("status").asText()).isEqualTo("completed");
    assertThat(b.path("model").asText()).isEqualTo(model);
    assertThat(b.path("instructions").asText()).isEqualTo("Be brief.");
    assertThat(b.path("store").asBoolean(true)).isFalse();
    assertThat(b.path("metadata").path("k").asText()).isEqualTo("v");
    JsonNode item = b.path("output").get(0);
    assertThat(item.path("type").asText()).isEqualTo("message");
    assertThat(item.path("role").asText()).isEqualTo("assistant");
    assertThat(item.path("id").asText()).startsWith("msg_");
    assertThat(item.path("content").get(0).path("type").asText()).isEqualTo("output_text");
    assertThat(item.path("content").get(0).path("text").asText()).startsWith("[simulated");
    JsonNode u = b.path("usage");
    assertThat(u.path("input_tokens").asLong()).isPositive();
    assertThat(u.path("input_tokens_details").has("cached_tokens")).isTrue();
    assertThat(u.path("output_tokens_details").has("reasoning_tokens")).isTrue();
    assertThat(u.path("total_tokens").asLong()).isEqualTo(u.path("input_tokens").asLong() + u.path("output_tokens").asLong());
    // the instructions became the provider's system prompt
    assertThat(t.mock.lastReceived().body()).contains("Be brief.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt", "claude"})
  void streamsTypedEventsInTheDocumentedOrder(String model) {
    Http.Stream s = t.http.stream("/v1/responses", """
        {"model": "%s", "input": [{"role": "user", "content": [{"type": "input_text", "text": "Tell me about gateways"}]}],
         "stream": true}""".formatted(model));

    assertThat(s.status()).isEqualTo(200);
    List<String> types = s.events().stream().map(Http.Stream.Event::type).toList();
    List<String> distinct = new ArrayList<>();
    for (String ty : types) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(ty)) {
        distinct.add(ty);
      }
    }
    assertThat(distinct).containsExactly("response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.done",
        "response.content_part.done", "response.output_item.done", "response.completed");
    long seq = 0;
    StringBuilder text = new StringBuilder();
    for (Http.Stream.Event e : s.events()) {
      JsonNode j = e.json();
      assertThat(j.path("type").asText()).isEqualTo(e.type());
      assertThat(j.path("sequence_number").asLong()).isEqualTo(seq++);
      if (e.type().equals("response.output_text.delta")) {
        text.append(j.path("delta").asText());
        assertThat(j.path("item_id").asText()).startsWith("msg_");
      }
    }
    JsonNode done = s.events().get(s.events().size() - 1).json().path("response");
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo(text.toString());
    assertThat(done.path("usage").path("output_tokens").asLong()).isPositive();
    assertThat(s.events().get(0).json().path("response").path("status").asText()).isEqualTo("in_progress");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt", "claude"})
  void callsAFunctionToolThenAnswersItsOutput(String model) {
    Http.Response first = t.http.post("/v1/responses", """
        {"model": "%s", "input": "Use get_weather for Paris", "tools": [%s], "tool_choice": "auto"}"""
        .formatted(model, WEATHER_TOOL));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode call = first.json().path("output").get(0);
    assertThat(call.path("type").asText()).isEqualTo("function_call");
    assertThat(call.path("id").asText()).startsWith("fc_");
    assertThat(call.path("name").asText()).isEqualTo("get_weather");
    assertThat(call.path("arguments").asText()).contains("city");
    String callId = call.path("call_id").asText();

    Http.Response second = t.http.post("/v1/responses", """
        {"model": "%s", "tools": [%s], "input": [
          {"role": "user", "content": "Use get_weather for Paris"},
          {"type": "function_call", "call_id": "%s", "name": "get_weather", "arguments": %s},
          {"type": "function_call_output", "call_id": "%s", "output": "18 C and sunny"}]}"""
        .formatted(model, WEATHER_TOOL, callId, Http.quote(call.path("arguments").asText()), callId));

    assertThat(second.status()).as(second.body()).isEqualTo(200);
    assertThat(second.json().path("output").get(0).path("content").get(0).path("text").asText())
        .contains("18 C and sunny");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt", "claude"})
  void streamsAFunctionCallWithItsArgumentEvents(String model) {
    Http.Stream s = t.http.stream("/v1/responses", """
        {"model": "%s", "input": "Use get_weather for Paris", "tools": [%s], "stream": true}"""
        .formatted(model, WEATHER_TOOL));

    List<String> types = s.events().stream().map(Http.Stream.Event::type).distinct().toList();
    assertThat(types).containsSubsequence("response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done", "response.completed");
    StringBuilder args = new StringBuilder();
    String done = null;
    for (Http.Stream.Event e : s.events()) {
      if (e.type().equals("response.function_call_arguments.delta")) {
        args.append(e.json().path("delta").asText());
      } else if (e.type().equals("response.function_call_arguments.done")) {
        done = e.json().path("arguments").asText();
      }
    }
    assertThat(done).isEqualTo(args.toString()).contains("city");
  }

  @Test
  void answersStructuredOutputWithAJsonSchema() {
    Http.Response r = t.http.post("/v1/responses", """
        {"model": "claude", "input": "Give me a city", "text": {"format": {"type": "json_schema", "name": "city",
         "schema": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"],
         "additionalProperties": false}, "strict": true}}}""");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String text = r.json().path("output").get(0).path("content").get(0).path("text").asText();
    assertThat(text).startsWith("{").contains("\"name\"");
    assertThat(r.json().path("text").path("format").path("name").asText()).isEqualTo("city");
  }

  @Test
  void sendsReasoningEffortAndListsDroppedHints() {
    Http.Response r = t.http.post("/v1/responses", """
        {"model": "gpt", "input": "hi", "reasoning": {"effort": "low", "summary": "auto"}, "store": true,
         "prompt_cache_key": "abc", "text": {"verbosity": "low"}}""");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(t.mock.lastReceived().body()).contains("\"reasoning_effort\":\"low\"");
    assertThat(r.header("x-fairway-dropped")).isEqualTo("prompt_cache_key, reasoning.summary, store, text.verbosity");
  }

  @Test
  void refusesPreviousResponseIdSinceNothingIsStored() {
    Http.Response r = t.http.post("/v1/responses", """
        {"model": "gpt", "input": "and then?", "previous_response_id": "resp_123"}""");

    assertThat(r.status()).isEqualTo(400);
    JsonNode e = r.json().path("error");
    assertThat(e.path("param").asText()).isEqualTo("previous_response_id");
    assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(e.path("message").asText()).contains("does not store responses");
    assertThat(t.mock.received()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"web_search", "file_search", "computer_use_preview", "code_interpreter", "mcp", "namespace"})
  void refusesHostedToolTypesByName(String type) {
    Http.Response r = t.http.post("/v1/responses", """
        {"model": "gpt", "input": "hi", "tools": [{"type": "%s"}]}""".formatted(type));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").path("param").asText()).isEqualTo("tools[0].type");
    assertThat(r.json().path("error").path("message").asText()).contains("'" + type + "'");
    assertThat(t.mock.received()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"input\": \"hi\"}|model",
      "{\"model\": \"gpt\"}|input",
      "{\"model\": \"gpt\", \"input\": 5}|input",
      "{\"model\": \"gpt\", \"input\": [{\"type\": \"message\", \"role\": \"robot\", \"content\": \"x\"}]}|input[0].role",
      "{\"model\": \"gpt\", \"input\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_video\"}]}]}|input[0].content[0].type",
      "{\"model\": \"gpt\", \"input\": [{\"type\": \"function_call_output\", \"call_id\": \"c1\", \"output\": \"x\"}]}|input[0].call_id",
      "{\"model\": \"gpt\", \"input\": [{\"type\": \"item_reference\", \"id\": \"msg_1\"}]}|input[0]",
      "{\"model\": \"gpt\", \"input\": \"hi\", \"max_output_tokens\": 3}|max_output_tokens",
      "{\"model\": \"gpt\", \"input\": \"hi\", \"temperature\": \"hot\"}|temperature",
      "{\"model\": \"gpt\", \"input\": \"hi\", \"text\": {\"format\": {\"type\": \"json_schema\"}}}|text.format.name",
      "{\"model\": \"gpt\", \"input\": \"hi\", \"tool_choice\": {\"type\": \"function\", \"name\": \"nope\"}}|tool_choice.name",
      "{\"model\": \"gpt\", \"input\": \"hi\", \"colour\": 1}|colour",
      "{\"model\": \"gpt\", \"input\": \"hi\", \"include\": [\"message.output_text.logprobs\"]}|include[0]",
      "{\"model\": \"gpt\", \"input\": \"hi\", \"background\": true}|background"})
  void refusesMalformedRequestsInOpenAisFormatNamingTheField(String spec) {
    String[] p = spec.split("\\|");
    Http.Response r = t.http.post("/v1/responses", p[0]);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().path("error").path("param").asText()).as(r.body()).isEqualTo(p[1]);
    assertThat(r.json().path("error").path("message").asText()).isNotBlank();
    assertThat(t.mock.received()).isEmpty();
  }

  @Test
  void answersCodexWebSocketAttemptSoItFallsBackToHttp() {
    Http.Response r = t.http.get("/v1/responses");

    assertThat(r.status()).isEqualTo(426);
    assertThat(r.json().path("error").path("message").asText()).contains("POST /v1/responses");
  }
}
