package dev.fairway.ingress.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of bad request to {@code /v1/messages} gets Anthropic's error format and a 4xx naming
 * the field, never a 500, and nothing reaches a provider.
 */
class AnthropicBadInputTest {
  static TestGateway t;
  static final String U = "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]";
  static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        server: {port: 0, max_body_bytes: 4096}
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: m, owner: test, prices: {input: 1, output: 1}, context_window: 1000, capabilities: [tools, vision],
             deployments: [{provider: mock}]}
        """);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      malformed JSON             | {"model": "m", "messages": [                                             | 400 | invalid_request_error | not valid JSON
      not an object              | [1, 2]                                                                   | 400 | invalid_request_error | JSON object
      empty body                 | ''                                                                       | 400 | invalid_request_error | JSON object
      missing model              | {"max_tokens": 5, #U}                                                    | 400 | invalid_request_error | model: Field required
      missing max_tokens         | {"model": "m", #U}                                                       | 400 | invalid_request_error | max_tokens: Field required
      max_tokens zero            | {"model": "m", "max_tokens": 0, #U}                                      | 400 | invalid_request_error | max_tokens: Input should be greater than or equal to 1
      max_tokens wrong type      | {"model": "m", "max_tokens": "ten", #U}                                  | 400 | invalid_request_error | max_tokens: Input should be a valid integer
      missing messages           | {"model": "m", "max_tokens": 5}                                          | 400 | invalid_request_error | messages: Field required
      empty messages             | {"model": "m", "max_tokens": 5, "messages": []}                          | 400 | invalid_request_error | messages: at least one message
      unknown top-level field    | {"model": "m", "max_tokens": 5, #U, "colour": 1}                         | 400 | invalid_request_error | colour: Extra inputs are not permitted
      OpenAI-only field          | {"model": "m", "max_tokens": 5, #U, "seed": 1}                           | 400 | invalid_request_error | seed: Extra inputs are not permitted
      unknown message field      | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "x", "name": "a"}]} | 400 | invalid_request_error | messages.0.name: Extra inputs are not permitted
      only system messages       | {"model": "m", "max_tokens": 5, "messages": [{"role": "system", "content": "x"}]} | 400 | invalid_request_error | top-level `system` parameter
      unknown role               | {"model": "m", "max_tokens": 5, "messages": [{"role": "robot", "content": "x"}]} | 400 | invalid_request_error | messages.0.role
      empty user content         | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": ""}]} | 400 | invalid_request_error | non-empty content
      empty text block           | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "text", "text": ""}]}]} | 400 | invalid_request_error | messages.0.content.0.text
      unknown block type         | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "video"}]}]} | 400 | invalid_request_error | messages.0.content.0.type
      unsupported block type     | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "document", "source": {}}]}]} | 400 | invalid_request_error | does not support `document`
      unknown block field        | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "text", "text": "x", "colour": 1}]}]} | 400 | invalid_request_error | messages.0.content.0.colour: Extra inputs
      tool_use in user turn      | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": {}}]}]} | 400 | invalid_request_error | only allowed in assistant messages
      image in assistant turn    | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": [{"type": "image", "source": {"type": "url", "url": "https://a.b/c.png"}}]}] } | 400 | invalid_request_error | only allowed in user messages
      tool_result without use    | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_9", "content": "x"}]}]} | 400 | invalid_request_error | unexpected `tool_use_id` found in `tool_result` blocks: toolu_9
      tool_use never answered    | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}]}, {"role": "user", "content": "y"}]} | 400 | invalid_request_error | without `tool_result` blocks immediately after: toolu_1
      tool_result after text     | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}]}, {"role": "user", "content": [{"type": "text", "text": "y"}, {"type": "tool_result", "tool_use_id": "toolu_1"}]}]} | 400 | invalid_request_error | must come before any other content
      tool_use input not object  | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": "{}"}]}]} | 400 | invalid_request_error | messages.1.content.0.input: Input should be a valid dictionary
      invalid base64 image       | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "@@@"}}]}]} | 400 | invalid_request_error | messages.0.content.0.source.data: invalid base64 data
      bad image media type       | {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/bmp", "data": "#PNG"}}]}]} | 400 | invalid_request_error | messages.0.content.0.source.media_type
      temperature above one      | {"model": "m", "max_tokens": 5, #U, "temperature": 1.5}                  | 400 | invalid_request_error | temperature: Input should be less than or equal to 1
      temperature wrong type     | {"model": "m", "max_tokens": 5, #U, "temperature": "hot"}                | 400 | invalid_request_error | temperature: Input should be a valid number
      tool without input_schema  | {"model": "m", "max_tokens": 5, #U, "tools": [{"name": "f"}]}            | 400 | invalid_request_error | tools.0.input_schema: Field required
      bad tool name              | {"model": "m", "max_tokens": 5, #U, "tools": [{"name": "a b", "input_schema": {"type": "object"}}]} | 400 | invalid_request_error | tools.0.name
      server tool                | {"model": "m", "max_tokens": 5, #U, "tools": [{"type": "bash_20250124", "name": "bash"}]} | 400 | invalid_request_error | server tools
      tool_choice unknown tool   | {"model": "m", "max_tokens": 5, #U, "tools": [{"name": "f", "input_schema": {"type": "object"}}], "tool_choice": {"type": "tool", "name": "g"}} | 400 | invalid_request_error | tool_choice.tool.name
      tool_choice any no tools   | {"model": "m", "max_tokens": 5, #U, "tool_choice": {"type": "any"}}       | 400 | invalid_request_error | requires tools
      thinking budget too small  | {"model": "m", "max_tokens": 5000, #U, "thinking": {"type": "enabled", "budget_tokens": 100}} | 400 | invalid_request_error | budget_tokens
      thinking over max_tokens   | {"model": "m", "max_tokens": 1500, #U, "thinking": {"type": "enabled", "budget_tokens": 2000}} | 400 | invalid_request_error | greater than `thinking.budget_tokens`
      mcp servers, OpenAI target | {"model": "m", "max_tokens": 5, #U, "mcp_servers": [{"type": "url"}]}     | 400 | invalid_request_error | cannot honour 'mcp_servers'
      output_config bad effort   | {"model": "m", "max_tokens": 5, #U, "output_config": {"effort": "huge"}}  | 400 | invalid_request_error | output_config.effort: Input should be
      output_format not schema   | {"model": "m", "max_tokens": 5, #U, "output_format": {"type": "xml"}}     | 400 | invalid_request_error | output_format.type: Input should be 'json_schema'
      output_format no schema    | {"model": "m", "max_tokens": 5, #U, "output_config": {"format": {"type": "json_schema"}}} | 400 | invalid_request_error | output_config.format.schema: Field required
      unknown model              | {"model": "nope", "max_tokens": 5, #U}                                   | 404 | not_found_error       | does not exist
      """)
  void rejectsWithAnthropicsErrorFormat(String name, String body, int status, String type, String message) {
    Http.Response r = t.http.post("/v1/messages", body.replace("#U", U));

    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    JsonNode json = r.json();
    assertThat(json.path("type").asText()).isEqualTo("error");
    assertThat(json.at("/error/type").asText()).isEqualTo(type);
    assertThat(json.at("/error/message").asText()).contains(message).doesNotContain("Exception").doesNotContain("java.");
    assertThat(json.path("request_id").asText()).isNotEmpty();
    assertThat(t.mock.received()).isEmpty();
  }

  @Test
  void rejectsABodyOverTheLimitWith413InAnthropicsFormat() {
    String big = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}";

    Http.Response r = t.http.post("/v1/messages", big);
    Http.Response count = t.http.post("/v1/messages/count_tokens", big);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().at("/error/type").asText()).isEqualTo("request_too_large");
    assertThat(count.status()).isEqualTo(413);
    assertThat(count.json().at("/error/type").asText()).isEqualTo("request_too_large");
  }

  @Test
  void answersUnknownPathsUnderMessagesInAnthropicsFormatAndOthersInOpenAis() {
    Http.Response anthropic = t.http.post("/v1/messages/batches/x", "{}");
    Http.Response openai = t.http.post("/v1/nothing", "{}");

    assertThat(anthropic.status()).isEqualTo(404);
    assertThat(anthropic.json().at("/error/type").asText()).isEqualTo("not_found_error");
    assertThat(anthropic.json().path("type").asText()).isEqualTo("error");
    assertThat(openai.status()).isEqualTo(404);
    assertThat(openai.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(openai.json().has("type")).isFalse();
  }

  @Test
  void answersAWrongMethodInAnthropicsFormat() {
    Http.Response r = t.http.get("/v1/messages");

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("allow")).isEqualTo("POST, OPTIONS");
    assertThat(r.json().at("/error/message").asText()).contains("not allowed");
    assertThat(r.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void rejectsBadCountTokensRequestsInAnthropicsFormat() {
    Http.Response r = t.http.post("/v1/messages/count_tokens", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/message").asText()).isEqualTo("messages.0.content: Field required");
  }
}
