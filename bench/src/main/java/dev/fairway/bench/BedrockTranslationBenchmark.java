package dev.fairway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.Message;
import dev.fairway.api.Role;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.ToolDefinition;
import dev.fairway.provider.Json;
import dev.fairway.provider.bedrock.BedrockRequests;
import dev.fairway.provider.bedrock.BedrockStreams;
import dev.fairway.provider.bedrock.EventStreamDecoder;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import software.amazon.eventstream.HeaderValue;

/**
 * The Bedrock adapter's CPU cost per call: a ~4 KB canonical request translated to Converse JSON
 * bytes, and a 50-event ConverseStream body (binary event-stream frames, delivered in TCP-sized
 * chunks) decoded to canonical events. Run with:
 *
 * <pre>
 * bench/run jmh BedrockTranslationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BedrockTranslationBenchmark {
  static final String MODEL = "us.amazon.nova-pro-v1:0";

  ChatRequest request;
  byte[] streamBody;
  BedrockRequests.Prepared call;

  @Setup
  public void setup() throws IOException {
    request = request();
    call = BedrockRequests.toWire(request, MODEL, "bedrock");
    int size = Json.CAMEL.writeValueAsBytes(call.body()).length;
    if (size < 3500 || size > 4700) {
      throw new IllegalStateException("request is " + size + " bytes, expected about 4 KB");
    }
    streamBody = stream();
  }

  @Benchmark
  public byte[] translateRequest() throws IOException {
    return Json.CAMEL.writeValueAsBytes(BedrockRequests.toWire(request, MODEL, "bedrock").body());
  }

  /** Fed in 1,448-byte chunks, one TCP segment's payload each, so frames straddle chunk boundaries. */
  @Benchmark
  public void decodeStream(Blackhole bh) {
    EventStreamDecoder d = new EventStreamDecoder(
        new BedrockStreams.Decoder("req", MODEL, 0, call, "bedrock"), "bedrock");
    Consumer<StreamEvent> sink = bh::consume;
    for (int at = 0; at < streamBody.length; at += 1448) {
      d.feed(Buffer.buffer().appendBytes(streamBody, at, Math.min(1448, streamBody.length - at)), sink);
    }
    bh.consume(d.atEnd());
  }

  static ChatRequest request() throws IOException {
    JsonNode weather = Json.CAMEL.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\","
        + "\"description\":\"City and country, e.g. Paris, France\"},\"unit\":{\"type\":\"string\",\"enum\":"
        + "[\"celsius\",\"fahrenheit\"]}},\"required\":[\"city\"]}");
    JsonNode search = Json.CAMEL.readTree("{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},"
        + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":20}},\"required\":[\"query\"]}");
    String para = "The gateway routes each request to a model that is good enough for it at low cost and latency,"
        + " while keeping answers consistent across providers so that clients see one API with clear errors. ";
    List<Message> messages = new ArrayList<>();
    messages.add(Message.system("You are a careful travel assistant. " + para.repeat(3)));
    messages.add(Message.user("I am planning a trip. " + para.repeat(4) + "What is the weather in Paris?"));
    messages.add(new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Let me check."),
        new ContentPart.ToolCall("tooluse_1", "get_weather", "{\"city\":\"Paris, France\",\"unit\":\"celsius\"}")), null));
    messages.add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult("tooluse_1",
        List.of(new ContentPart.Text("{\"temperature\":18,\"sky\":\"sunny\",\"wind\":\"12 km/h\"}")), false)), null));
    messages.add(Message.assistant("It is 18 degrees and sunny in Paris. " + para.repeat(2)));
    messages.add(Message.user("Great. " + para.repeat(3) + "And what should I see there?"));
    return ChatRequest.builder("nova-pro").messages(messages)
        .tools(List.of(new ToolDefinition("get_weather", "Current weather for a city.", weather, null),
            new ToolDefinition("search_places", "Search sights and restaurants.", search, null)))
        .maxTokens(1024).temperature(0.7).topP(0.9).stop(List.of("\n\nUser:")).build();
  }

  /** messageStart, 44 text deltas, a tool call (start, 2 deltas, stop), a text stop, messageStop, metadata. */
  static byte[] stream() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(frame("messageStart", "{\"p\":\"abcdefgh\",\"role\":\"assistant\"}"));
    for (int i = 0; i < 44; i++) {
      out.writeBytes(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"word" + i
          + " \"},\"p\":\"abcdefghijklmnopqrstuvwxyz\"}"));
    }
    out.writeBytes(frame("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcd\"}"));
    out.writeBytes(frame("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":"
        + "\"tooluse_2\",\"name\":\"search_places\"}},\"p\":\"ab\"}"));
    out.writeBytes(frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":"
        + "\"{\\\"query\\\": \\\"sights\"}},\"p\":\"abc\"}"));
    out.writeBytes(frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":"
        + "\" in Paris\\\"}\"}},\"p\":\"abc\"}"));
    out.writeBytes(frame("messageStop", "{\"stopReason\":\"tool_use\",\"p\":\"abcdefg\"}"));
    out.writeBytes(frame("metadata", "{\"usage\":{\"inputTokens\":950,\"outputTokens\":60,\"totalTokens\":1010},"
        + "\"metrics\":{\"latencyMs\":812},\"p\":\"abcdefghijk\"}"));
    return out.toByteArray();
  }

  static byte[] frame(String type, String json) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":event-type", HeaderValue.fromString(type));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("event"));
    ByteBuffer bb = new software.amazon.eventstream.Message(h, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
    byte[] b = new byte[bb.remaining()];
    bb.get(b);
    return b;
  }
}
