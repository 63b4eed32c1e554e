package dev.fairway.bench;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.Message;
import dev.fairway.api.Role;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.ToolDefinition;
import dev.fairway.provider.Json;
import dev.fairway.provider.SseParser;
import dev.fairway.provider.gemini.GeminiRequests;
import dev.fairway.provider.gemini.GeminiStreams;
import dev.fairway.provider.gemini.GeminiWire;
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
 * The Gemini adapter's CPU cost per call: translating a ~4 KB canonical request into the
 * {@code generateContent} JSON bytes sent upstream, and decoding a 50-chunk
 * {@code streamGenerateContent?alt=sse} body (bytes as they come off the socket) into canonical events.
 *
 * <p>Run: {@code bench/run jmh
 * GeminiTranslationBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GeminiTranslationBenchmark {
  static final int STREAM_CHUNKS = 50;

  ChatRequest request;
  /** The stream's bytes cut into network-sized reads, as the HTTP client hands them over. */
  List<Buffer> streamReads;
  int requestBytes;

  @Setup
  public void setup() {
    request = request();
    requestBytes = translate(request).length;
    streamReads = reads(stream(), 1460);
  }

  @Benchmark
  public byte[] translateRequest() {
    return translate(request);
  }

  @Benchmark
  public void decodeStream(Blackhole bh) {
    GeminiStreams.Decoder decoder = new GeminiStreams.Decoder("gemini", 1_760_000_000L, false);
    SseParser parser = new SseParser((type, data) -> {
      try {
        for (StreamEvent e : decoder.decode(Json.CAMEL.readValue(data, GeminiWire.GenerateContentResponse.class))) {
          bh.consume(e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, 16 << 20);
    for (Buffer b : streamReads) {
      parser.feed(b);
    }
    if (!decoder.finished()) {
      throw new IllegalStateException("stream did not finish");
    }
  }

  static byte[] translate(ChatRequest r) {
    try {
      return Json.CAMEL.writeValueAsBytes(GeminiRequests.toWire(r, "gemini-2.5-flash", "gemini"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A realistic agent turn: system prompt, history, a tool round trip, two tools; ~4 KB on the wire. */
  static ChatRequest request() {
    String para = "The gateway routes each request to a model that is good enough for it at low cost and latency, "
        + "while keeping answers consistent across providers. ";
    List<Message> messages = new ArrayList<>();
    messages.add(Message.system("You are a careful assistant for a travel company. " + para + para + para));
    for (int i = 0; i < 5; i++) {
      messages.add(Message.user("Question " + i + ": " + para + "What should I pack for Lisbon in March?"));
      messages.add(Message.assistant("Answer " + i + ": " + para + "Bring layers and a light rain jacket."));
    }
    messages.add(Message.user("What is the weather in Lisbon right now, and what time is it there?"));
    messages.add(new Message(Role.ASSISTANT, List.of(
        new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Lisbon\",\"unit\":\"celsius\"}"),
        new ContentPart.ToolCall("call_2", "get_time", "{\"city\":\"Lisbon\"}")), null));
    messages.add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_1",
        List.of(ContentPart.text("{\"temperature\":17,\"conditions\":\"light rain\",\"wind_kph\":14}")), false)), null));
    messages.add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_2",
        List.of(ContentPart.text("14:05 WET")), false)), null));
    List<ToolDefinition> tools = List.of(
        new ToolDefinition("get_weather", "Current weather for a city.", tree("{\"type\":\"object\",\"properties\":{"
            + "\"city\":{\"type\":\"string\",\"description\":\"City name\"},\"unit\":{\"type\":\"string\","
            + "\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"city\"]}"), null),
        new ToolDefinition("get_time", "Local time in a city.", tree("{\"type\":\"object\",\"properties\":{"
            + "\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"), null));
    return ChatRequest.builder("gemini-2.5-flash").messages(messages).tools(tools).toolChoice(ToolChoice.AUTO)
        .temperature(0.3).topP(0.95).maxTokens(1024).stop(List.of("\n\nUser:")).build();
  }

  /** 50 chunks as Gemini streams them: text slices with running usage, the last with the finish reason. */
  static byte[] stream() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < STREAM_CHUNKS; i++) {
      boolean last = i == STREAM_CHUNKS - 1;
      sb.append("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"word").append(i)
          .append(" of the answer, \"}],\"role\": \"model\"}").append(last ? ",\"finishReason\": \"STOP\"" : "")
          .append(",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 812,")
          .append(last ? "\"candidatesTokenCount\": 250,\"thoughtsTokenCount\": 96,\"totalTokenCount\": 1158,"
              : "\"totalTokenCount\": 812,")
          .append("\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 812}]},")
          .append("\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"ekL2aJ7VEb2Uz7IPkayl4Ak\"}\r\n\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static List<Buffer> reads(byte[] bytes, int size) {
    List<Buffer> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += size) {
      out.add(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size))));
    }
    return out;
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return Json.CAMEL.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
