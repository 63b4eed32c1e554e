package dev.fairway.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.FinishReason;
import dev.fairway.api.Message;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.ToolDefinition;
import dev.fairway.api.Usage;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.ingress.openai.ResponsesIngress;
import dev.fairway.provider.Json;
import dev.fairway.provider.openai.OpenAiRequests;
import dev.fairway.provider.openai.OpenAiStreams;
import dev.fairway.provider.openai.OpenAiWire;
import dev.fairway.provider.openai.ResponsesRequests;
import dev.fairway.provider.openai.ResponsesResponses;
import dev.fairway.provider.openai.ResponsesStreams;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Responses API's translation against Chat Completions', in one run: the same ~4 KB
 * conversation (system text, four tool round trips, two tools) sent as a Responses body or a Chat
 * Completions body, decoded and re-encoded for an OpenAI-compatible provider; and the same 50-event
 * stream encoded as typed Responses events or as chat chunks.
 *
 * <p>Run: {@code bench/run jmh ResponsesTranslationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponsesTranslationBenchmark {
  Buffer responsesRequest;
  Buffer chatRequest;
  List<StreamEvent> events;
  ResponsesResponses.Echo echo;

  @Setup
  public void setUp() throws IOException {
    ChatRequest r = AnthropicTranslationBenchmark.request();
    chatRequest = Buffer.buffer(Json.SNAKE.writeValueAsBytes(
        OpenAiRequests.toWire(r, "gpt-4.1", OpenAiRequests.Dialect.OPENAI, "openai")));
    responsesRequest = Buffer.buffer(Json.SNAKE.writeValueAsBytes(responsesBody(r)));
    echo = ResponsesIngress.decode(responsesRequest).echo();
    events = new ArrayList<>();
    events.add(new StreamEvent.Started("chatcmpl-1", "gpt-4.1", 1_700_000_000L));
    for (int i = 0; i < 47; i++) {
      events.add(new StreamEvent.TextDelta("token" + i + " "));
    }
    events.add(new StreamEvent.Finished(FinishReason.STOP, null));
    events.add(new StreamEvent.UsageReported(Usage.of(1100, 47)));
  }

  /** The canonical conversation as a Responses request: instructions, message and function items. */
  static ObjectNode responsesBody(ChatRequest r) {
    ObjectNode o = Json.NODES.objectNode().put("model", "gpt-4.1").put("max_output_tokens", 1024)
        .put("temperature", 0.3).put("tool_choice", "auto");
    ArrayNode input = o.putArray("input");
    for (Message m : r.messages()) {
      for (ContentPart p : m.content()) {
        switch (p) {
          case ContentPart.Text t -> {
            String role = switch (m.role()) {
              case SYSTEM -> "developer";
              case ASSISTANT -> "assistant";
              default -> "user";
            };
            ObjectNode item = input.addObject().put("type", "message").put("role", role);
            item.putArray("content").addObject().put("type", role.equals("assistant") ? "output_text" : "input_text")
                .put("text", t.text());
          }
          case ContentPart.ToolCall c -> input.addObject().put("type", "function_call").put("call_id", c.id())
              .put("name", c.name()).put("arguments", c.arguments());
          case ContentPart.ToolResult tr -> input.addObject().put("type", "function_call_output")
              .put("call_id", tr.toolCallId()).put("output", tr.text());
          default -> { }
        }
      }
    }
    ArrayNode tools = o.putArray("tools");
    for (ToolDefinition t : r.tools()) {
      tools.addObject().put("type", "function").put("name", t.name()).put("description", t.description())
          .put("strict", false).set("parameters", t.parameters());
    }
    return o;
  }

  /** Responses request bytes → canonical → provider request bytes. */
  @Benchmark
  public byte[] responsesRequest() throws IOException {
    ResponsesRequests.Decoded d = ResponsesIngress.decode(responsesRequest);
    return Json.SNAKE.writeValueAsBytes(OpenAiRequests.toWire(d.request(), "gpt-4.1-2025-04-14",
        OpenAiRequests.Dialect.OPENAI, "openai"));
  }

  /** The same conversation as Chat Completions bytes → canonical → provider request bytes (the baseline). */
  @Benchmark
  public byte[] chatRequest() throws IOException {
    ChatRequest r = OpenAiIngress.decode(chatRequest);
    return Json.SNAKE.writeValueAsBytes(OpenAiRequests.toWire(r, "gpt-4.1-2025-04-14",
        OpenAiRequests.Dialect.OPENAI, "openai"));
  }

  /** 50 canonical events → typed Responses SSE events (59 events: item, part and done events included). */
  @Benchmark
  public int responsesStream() {
    ResponsesStreams.Encoder enc = new ResponsesStreams.Encoder("gpt-4.1", ResponsesResponses.Ids.of("req_1"), echo);
    Buffer out = Buffer.buffer(8192);
    ResponsesStreams.EventOut sink = (type, payload) -> {
      try {
        out.appendString("event: ").appendString(type).appendString("\ndata: ")
            .appendBytes(Json.SNAKE.writeValueAsBytes(payload)).appendString("\n\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    events.forEach(e -> enc.encode(e, sink));
    enc.complete(sink);
    return out.length();
  }

  /** The same events → Chat Completions chunks (the baseline). */
  @Benchmark
  public int chatStream() throws IOException {
    OpenAiStreams.Encoder enc = new OpenAiStreams.Encoder("gpt-4.1", true, null);
    Buffer out = Buffer.buffer(8192);
    for (StreamEvent e : events) {
      for (OpenAiWire.ChatCompletionChunk c : enc.encode(e)) {
        out.appendString("data: ").appendBytes(Json.SNAKE.writeValueAsBytes(c)).appendString("\n\n");
      }
    }
    return out.length();
  }
}
