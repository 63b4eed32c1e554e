package dev.fairway.bench;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.StreamEvent;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.provider.Json;
import dev.fairway.provider.SseParser;
import dev.fairway.provider.openai.OpenAiRequests;
import dev.fairway.provider.openai.OpenAiResponses;
import dev.fairway.provider.openai.OpenAiStreams;
import dev.fairway.provider.openai.OpenAiWire;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The OpenAI translators on the request path, which is also the whole per-request JSON work of
 * an OpenAI client proxied to an OpenAI-compatible provider: the client's ~4 KB request decoded and
 * re-encoded for the provider, the provider's answer decoded and re-encoded for the client, and a
 * 50-chunk stream decoded from bytes into canonical events.
 *
 * <p>Run: {@code bench/run jmh OpenAiTranslationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OpenAiTranslationBenchmark {
  Buffer clientRequest;
  ChatRequest request;
  byte[] providerAnswer;
  Buffer stream;

  @Setup
  public void setUp() throws IOException {
    request = AnthropicTranslationBenchmark.request();
    clientRequest = Buffer.buffer(Json.SNAKE.writeValueAsBytes(
        OpenAiRequests.toWire(request, "gpt-4.1", OpenAiRequests.Dialect.OPENAI, "openai")));
    ChatResponse answer = new ChatResponse("chatcmpl-1", "gpt-4.1-2025-04-14",
        List.of(dev.fairway.api.ContentPart.text("Pack light layers and a rain jacket; Lisbon in spring is mild. "
            .repeat(4))), dev.fairway.api.FinishReason.STOP, null, dev.fairway.api.Usage.of(1100, 60), 1_700_000_000L);
    providerAnswer = Json.SNAKE.writeValueAsBytes(OpenAiResponses.toWire(answer, "gpt-4.1-2025-04-14", "fp_1"));
    StringBuilder sse = new StringBuilder();
    OpenAiStreams.Encoder enc = new OpenAiStreams.Encoder("gpt-4.1", true, null);
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.Started("chatcmpl-1", "gpt-4.1", 1_700_000_000L));
    for (int i = 0; i < 47; i++) {
      events.add(new StreamEvent.TextDelta("token" + i + " "));
    }
    events.add(new StreamEvent.Finished(dev.fairway.api.FinishReason.STOP, null));
    events.add(new StreamEvent.UsageReported(dev.fairway.api.Usage.of(1100, 47)));
    for (StreamEvent e : events) {
      for (OpenAiWire.ChatCompletionChunk c : enc.encode(e)) {
        sse.append("data: ").append(Json.SNAKE.writeValueAsString(c)).append("\n\n");
      }
    }
    sse.append("data: [DONE]\n\n");
    stream = Buffer.buffer(sse.toString());
  }

  /** Client request bytes → canonical → provider request bytes (the request half of a proxied call). */
  @Benchmark
  public byte[] translateRequest() throws IOException {
    ChatRequest r = OpenAiIngress.decode(clientRequest);
    return Json.SNAKE.writeValueAsBytes(OpenAiRequests.toWire(r, "gpt-4.1-2025-04-14",
        OpenAiRequests.Dialect.OPENAI, "openai"));
  }

  /** Provider answer bytes → canonical → client answer bytes (the response half). */
  @Benchmark
  public byte[] translateResponse() throws IOException {
    ChatResponse r = OpenAiResponses.toCanonical(
        Json.SNAKE.readValue(providerAnswer, OpenAiWire.ChatCompletion.class), "openai");
    return Json.SNAKE.writeValueAsBytes(OpenAiResponses.toWire(r, "gpt-4.1", null));
  }

  /** 50 streamed chunks, bytes → canonical events. */
  @Benchmark
  public void decodeStream(Blackhole bh) {
    OpenAiStreams.Decoder d = new OpenAiStreams.Decoder();
    new SseParser((type, data) -> {
      if (!data.equals("[DONE]")) {
        try {
          for (StreamEvent e : d.decode(Json.SNAKE.readValue(data, OpenAiWire.ChatCompletionChunk.class))) {
            bh.consume(e);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }, 1 << 20).feed(stream);
  }
}
