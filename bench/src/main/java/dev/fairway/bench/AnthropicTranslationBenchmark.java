package dev.fairway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.Message;
import dev.fairway.api.Role;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.ToolDefinition;
import dev.fairway.ingress.anthropic.AnthropicIngress;
import dev.fairway.provider.Json;
import dev.fairway.provider.anthropic.AnthropicAdapter;
import dev.fairway.provider.anthropic.AnthropicRequests;
import dev.fairway.provider.anthropic.AnthropicStreams;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of Fairway's Anthropic translators on the request path: a ~4 KB canonical request
 * written as Messages API JSON bytes, a 50-event Messages stream decoded from bytes into canonical
 * events, and the two ingress directions (a client's request decoded, canonical events re-framed
 * as Anthropic SSE).
 *
 * <p>Run: {@code bench/run jmh
 * AnthropicTranslationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AnthropicTranslationBenchmark {
  ChatRequest request;
  Buffer stream;
  Buffer clientRequest;
  List<StreamEvent> events;

  @Setup
  public void setUp() {
    request = request();
    stream = Buffer.buffer(stream(45)); // 50 events in all
    clientRequest = Buffer.buffer(encodeRequest());
    events = new ArrayList<>();
    new AnthropicAdapter.SseDecoder("anthropic", null, 0).feed(stream, events::add);
  }

  /** canonical → Messages API request bytes (what the adapter sends). */
  @Benchmark
  public byte[] encodeRequest() {
    try {
      return Json.SNAKE.writeValueAsBytes(AnthropicRequests.toWire(request, "claude-sonnet-4-5-20250929", "anthropic"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 50 streamed events, bytes → canonical events (what the adapter reads). */
  @Benchmark
  public void decodeStream(Blackhole bh) {
    new AnthropicAdapter.SseDecoder("anthropic", null, 0).feed(stream, bh::consume);
  }

  /** A client's Messages request, bytes → canonical (what the ingress reads). */
  @Benchmark
  public ChatRequest decodeClientRequest() {
    return AnthropicIngress.decode(clientRequest, false);
  }

  /** Canonical events → Anthropic SSE JSON for a client (what the ingress writes). */
  @Benchmark
  public void encodeClientStream(Blackhole bh) {
    AnthropicStreams.Encoder enc = new AnthropicStreams.Encoder("claude-sonnet-4-5");
    AnthropicStreams.EventOut out = (type, payload) -> {
      try {
        bh.consume(Json.SNAKE.writeValueAsBytes(payload));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    for (StreamEvent e : events) {
      enc.encode(e, out);
    }
    enc.complete(out);
  }

  /** A tool-using conversation of about 4 KB of JSON: system prompt, turns, tool calls and results. */
  static ChatRequest request() {
    JsonNode schema = Json.NODES.objectNode().put("type", "object")
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("properties", Json.NODES.objectNode()
            .set("city", Json.NODES.objectNode().put("type", "string").put("description", "City and country")))
        .set("required", Json.NODES.arrayNode().add("city"));
    String filler = "The gateway routes each request to a model that is good enough for it at low cost and latency. ";
    List<Message> messages = new ArrayList<>();
    messages.add(Message.system("You are a concise assistant for a travel agency. " + filler.repeat(4)));
    for (int i = 0; i < 4; i++) {
      messages.add(Message.user("Question " + i + ": what should I pack for Lisbon in spring? " + filler.repeat(2)));
      messages.add(new Message(Role.ASSISTANT, List.of(ContentPart.text("Let me check the weather first."),
          new ContentPart.ToolCall("toolu_0" + i, "get_weather", "{\"city\":\"Lisbon, Portugal\"}")), null));
      messages.add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult("toolu_0" + i,
          List.of(ContentPart.text("18C, light wind, 20% chance of rain. " + filler)), false)), null));
      messages.add(Message.assistant("Pack light layers and a rain jacket. " + filler));
    }
    messages.add(Message.user("And for Porto?"));
    return ChatRequest.builder("claude-sonnet-4-5").messages(messages)
        .tools(List.of(new ToolDefinition("get_weather", "Current weather in a city", schema, null),
            new ToolDefinition("get_time", "Local time in a city", schema, null)))
        .toolChoice(ToolChoice.AUTO).maxTokens(1024).temperature(0.3).stop(List.of("\n\nUser:")).build();
  }

  /** message_start, a text block of {@code deltas} deltas, message_delta, message_stop: deltas + 5 events. */
  static byte[] stream(int deltas) {
    StringBuilder sb = new StringBuilder();
    sb.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,"
        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":1200,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":800,\"output_tokens\":1}}}\n\n");
    sb.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    for (int i = 0; i < deltas; i++) {
      sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\" token").append(i).append("\"}}\n\n");
    }
    sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    sb.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":46}}\n\n");
    sb.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
