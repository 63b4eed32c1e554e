package dev.fairway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.api.ContentPart;
import dev.fairway.api.FinishReason;
import dev.fairway.api.Message;
import dev.fairway.api.Role;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.Usage;
import dev.fairway.provider.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Responses API translators, pure: input items into canonical turns, and canonical streams into
 * the typed events of OpenAI's streaming reference (golden files under {@code golden/openai}, in the
 * reference's event order and field shapes; run with {@code -Dfairway.golden.write=true} to rewrite).
 */
class ResponsesTranslationTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Path GOLDEN = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden",
      "openai");

  private static ResponsesWire.Request request(String json) {
    try {
      return Json.SNAKE.readValue(json, ResponsesWire.Request.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void groupsReasoningMessagesAndCallsIntoOneAssistantTurnAndKeepsSystemTextInPlace() {
    ResponsesRequests.Decoded d = ResponsesRequests.toCanonical(request("""
        {"model": "m", "instructions": "Be brief.", "input": [
          {"role": "user", "content": "weather?"},
          {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "I should call it."}],
           "encrypted_content": "sig-1"},
          {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Checking."}]},
          {"type": "function_call", "call_id": "c1", "name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"},
          {"type": "function_call_output", "call_id": "c1", "output": "18 C"},
          {"role": "developer", "content": [{"type": "input_text", "text": "Answer in French."}]},
          {"role": "user", "content": [{"type": "input_text", "text": "and?"},
                                       {"type": "input_image", "image_url": "https://a.b/c.png", "detail": "low"}]}]}"""));

    List<Message> m = d.request().messages();
    assertThat(m).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL,
        Role.SYSTEM, Role.USER);
    assertThat(m.get(2).content()).containsExactly(new ContentPart.Reasoning("I should call it.", "sig-1"),
        new ContentPart.Text("Checking."), new ContentPart.ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(((ContentPart.ToolResult) m.get(3).content().get(0)).text()).isEqualTo("18 C");
    assertThat(m.get(5).content().get(1)).isInstanceOf(ContentPart.Image.class);
  }

  private static List<JsonNode> encode(List<StreamEvent> events) {
    ResponsesResponses.Echo echo = ResponsesResponses.Echo.of(request("{\"model\": \"m\", \"input\": \"hi\"}"));
    ResponsesStreams.Encoder enc = new ResponsesStreams.Encoder("gpt-4.1", ResponsesResponses.Ids.of("req_1"), echo);
    List<JsonNode> out = new ArrayList<>();
    ResponsesStreams.EventOut sink = (type, payload) -> {
      JsonNode n = Json.SNAKE.valueToTree(payload);
      assertThat(n.path("type").asText()).isEqualTo(type);
      out.add(n);
    };
    events.forEach(e -> enc.encode(e, sink));
    enc.complete(sink);
    return out;
  }

  private static void assertGolden(String file, List<JsonNode> events) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (JsonNode e : events) {
      sb.append("event: ").append(e.path("type").asText()).append('\n').append("data: ").append(e).append("\n\n");
    }
    Path p = GOLDEN.resolve(file);
    if (Boolean.getBoolean("fairway.golden.write")) {
      Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
    }
    List<JsonNode> expected = new ArrayList<>();
    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      if (line.startsWith("data: ")) {
        expected.add(M.readTree(line.substring(6)));
      }
    }
    List<JsonNode> actual = new ArrayList<>();
    for (JsonNode e : events) {
      actual.add(M.readTree(e.toString())); // the same number types as the golden side
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void encodesATextStreamAsTheReferenceDocumentsIt() throws IOException {
    List<JsonNode> events = encode(List.of(
        new StreamEvent.Started("chatcmpl-1", "gpt-4.1-2025-04-14", 1741290958),
        new StreamEvent.TextDelta("Hi"),
        new StreamEvent.TextDelta(" there!"),
        new StreamEvent.Finished(FinishReason.STOP, null),
        new StreamEvent.UsageReported(new Usage(37, 11, 0, 0, 0))));

    assertGolden("responses-stream-text.sse", events);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
    }
  }

  @Test
  void encodesReasoningThenAFunctionCallAsTheReferenceDocumentsIt() throws IOException {
    List<JsonNode> events = encode(List.of(
        new StreamEvent.Started("msg_1", "claude", 1741290958),
        new StreamEvent.ReasoningDelta("The user wants the weather.", null),
        new StreamEvent.ReasoningDelta("", "sig-abc"),
        new StreamEvent.ToolCallStarted(0, "call_1", "get_weather"),
        new StreamEvent.ToolCallDelta(0, "{\"city\":"),
        new StreamEvent.ToolCallDelta(0, "\"Paris\"}"),
        new StreamEvent.Finished(FinishReason.TOOL_CALLS, null),
        new StreamEvent.UsageReported(new Usage(80, 30, 50, 0, 12))));

    assertGolden("responses-stream-function-call.sse", events);
  }

  @Test
  void endsACutAnswerWithResponseIncomplete() {
    List<JsonNode> events = encode(List.of(new StreamEvent.Started("x", "m", 1), new StreamEvent.TextDelta("Lon"),
        new StreamEvent.Finished(FinishReason.LENGTH, null)));

    JsonNode last = events.get(events.size() - 1);
    assertThat(last.path("type").asText()).isEqualTo("response.incomplete");
    assertThat(last.path("response").path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
  }
}
