package dev.fairway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.GatewayError;
import dev.fairway.ingress.anthropic.AnthropicIngress;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.testing.Http;
import dev.fairway.testing.LogCapture;
import dev.fairway.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fuzz target over both ingress decoders: seeded mutations of the corpus in
 * {@code src/test/resources/fuzz/{openai,anthropic}}, decoded in process (many) and sent over
 * HTTP (fewer). Every input must end in a decoded request or a 4xx in the protocol's own format,
 * never a 5xx, a stack trace in the body or an ERROR or stack trace in the log.
 *
 * <p>Longer runs: {@code -Dfairway.fuzz.iterations=200000 -Dfairway.fuzz.seed=N} (see docs/security.md).
 */
class DecoderFuzzTest {
  static final long SEED = Long.getLong("fairway.fuzz.seed", 20260601L);
  static final int ITERATIONS = Integer.getInteger("fairway.fuzz.iterations", 3000);
  static final int HTTP_ITERATIONS = Integer.getInteger("fairway.fuzz.http", Math.max(100, ITERATIONS / 10));
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static TestGateway t;

  @BeforeAll
  static void start() {
    t = TestGateway.start(Hostile.yaml(""));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static List<String> corpus(String protocol) {
    Path dir = Path.of("src/test/resources/fuzz", protocol);
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theCorpusItselfDecodes() {
    corpus("openai").forEach(s -> OpenAiIngress.decode(Buffer.buffer(s)));
    corpus("anthropic").forEach(s -> AnthropicIngress.decode(Buffer.buffer(s), false));
  }

  @Test
  void bothDecodersAnswerEveryMutationWithARequestOrAClientError() {
    JsonMutator m = new JsonMutator(SEED);
    List<String> openai = corpus("openai");
    List<String> anthropic = corpus("anthropic");
    for (int i = 0; i < ITERATIONS; i++) {
      boolean isOpenAi = i % 2 == 0;
      List<String> seeds = isOpenAi ? openai : anthropic;
      byte[] input = m.mutate(seeds.get(i % seeds.size()));
      try {
        if (isOpenAi) {
          OpenAiIngress.decode(Buffer.buffer(input));
        } else {
          AnthropicIngress.decode(Buffer.buffer(input), i % 4 == 1);
        }
      } catch (GatewayError e) {
        assertThat(e.kind().httpStatus()).as(describe(i, input)).isBetween(400, 499);
        assertThat(e.getMessage()).as(describe(i, input)).doesNotContain("Exception").doesNotContain("java.")
            .doesNotContain("com.fasterxml");
      } catch (Throwable other) {
        throw new AssertionError("not a GatewayError: " + other + " for " + describe(i, input), other);
      }
    }
  }

  @Test
  void overHttpNoMutationGetsA5xxAStackTraceOrAnotherProtocolsError() throws Exception {
    JsonMutator m = new JsonMutator(SEED + 1);
    List<String> openai = corpus("openai");
    List<String> anthropic = corpus("anthropic");
    try (LogCapture log = new LogCapture()) {
      for (int i = 0; i < HTTP_ITERATIONS; i++) {
        boolean isOpenAi = i % 2 == 0;
        List<String> seeds = isOpenAi ? openai : anthropic;
        byte[] input = m.mutate(seeds.get(i % seeds.size()));
        String path = isOpenAi ? "/v1/chat/completions" : (i % 4 == 1 ? "/v1/messages/count_tokens" : "/v1/messages");
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + path))
            .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
            .header("anthropic-version", "2023-06-01")
            .POST(HttpRequest.BodyPublishers.ofByteArray(input)).build(), HttpResponse.BodyHandlers.ofString());
        String what = describe(i, input) + " -> " + r.statusCode() + " " + r.body();
        assertThat(r.statusCode()).as(what).isLessThan(500);
        assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        if (r.statusCode() >= 400) {
          JsonNode j = Http.JSON.readTree(r.body());
          assertThat(j.at("/error/message").asText()).as(what).isNotBlank();
          assertThat(j.at("/error/type").asText()).as(what).isNotBlank();
          assertThat(j.path("type").asText()).as(what).isEqualTo(isOpenAi ? "" : "error");
        }
      }
      assertThat(log.noisy()).isEmpty();
    }
  }

  static String describe(int i, byte[] input) {
    String s = new String(input, StandardCharsets.UTF_8);
    return "iteration " + i + " (seed " + SEED + "): " + (s.length() > 600 ? s.substring(0, 600) + "..." : s);
  }
}
