package dev.fairway.pipeline;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.Gateway;
import dev.fairway.metering.Pricing;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.routing.RouteDecision;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request bracket: {@code requestStarted}, {@code routed} and {@code requestFinished} fire
 * exactly once per request, whichever way it ends, over real HTTP against the mock.
 */
class RequestBracketTest {
  static final String YAML = """
      providers:
        mock: {protocol: openai, base_url: "${MOCK}/v1"}
      models:
        - {id: m, owner: o, prices: {input: 3, output: 15}, context_window: 8000, deployments: [{provider: mock}]}
      """;

  /** Everything the bracket reported, by request id. */
  static final class Recorder implements CallEvents {
    final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> routed = new ConcurrentHashMap<>();
    final Map<String, List<Finished>> finished = new ConcurrentHashMap<>();
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public void requestStarted(RequestContext ctx) {
      started.computeIfAbsent(ctx.id(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void routed(RequestContext ctx, RouteDecision decision) {
      routed.computeIfAbsent(ctx.id(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void requestFinished(RequestContext ctx, Finished f) {
      finished.computeIfAbsent(ctx.id(), k -> new CopyOnWriteArrayList<>()).add(f);
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }

    /** The one finish of the one request seen, once it has come (bounded wait). */
    Finished only() {
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (finished.isEmpty() && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      assertThat(finished).hasSize(1);
      String id = finished.keySet().iterator().next();
      assertThat(started.get(id)).hasValue(1);
      assertThat(finished.get(id)).hasSize(1);
      return finished.get(id).get(0);
    }

    int routedCount() {
      return routed.values().stream().mapToInt(AtomicInteger::get).sum();
    }
  }

  final Recorder recorder = new Recorder();
  TestGateway t;

  TestGateway start(CallEvents events) {
    t = TestGateway.start(YAML, new Gateway.Options(1, System::nanoTime, events, new SplittableRandom(3)),
        MockServer.Config.loopback(0));
    return t;
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
  }

  @Test
  void aPlainAnswerFinishesOnceWithItsUsageAndTheCostTheClientWasTold() {
    start(recorder);
    Http.Response r = t.http.post("/v1/chat/completions", chat("m", "hello there"));
    assertThat(r.status()).isEqualTo(200);

    Finished f = recorder.only();
    assertThat(f.result()).isEqualTo(Finished.Result.ANSWERED);
    assertThat(f.httpStatus()).isEqualTo(200);
    assertThat(f.error()).isNull();
    assertThat(f.outcome()).isInstanceOf(Outcome.Answered.class);
    assertThat(f.usage().inputTokens()).isPositive();
    assertThat(f.usageEstimated()).isFalse();
    assertThat(f.attempts()).isEqualTo(1);
    assertThat(Pricing.format(f.costUsd())).isEqualTo(r.header("x-fairway-cost-usd"));
    assertThat(recorder.routedCount()).isEqualTo(1);
    settle();
    assertThat(recorder.finished.get(recorder.finished.keySet().iterator().next())).hasSize(1);
  }

  @Test
  void aCompletedStreamFinishesOnceAtItsEndNotAtTheFirstToken() {
    start(recorder);
    Http.Stream s = t.http.stream("/v1/chat/completions",
        chat("m", "tell me a story", "\"stream\":true", "\"stream_options\":{\"include_usage\":true}"));
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.data().get(s.data().size() - 1)).isEqualTo("[DONE]");

    Finished f = recorder.only();
    assertThat(f.result()).isEqualTo(Finished.Result.STREAMED);
    assertThat(f.error()).isNull();
    assertThat(f.usage().outputTokens()).isPositive();
    assertThat(f.usageEstimated()).isFalse();
    assertThat(f.ttftNanos()).isPositive().isLessThanOrEqualTo(f.durationNanos());
    assertThat(f.costUsd()).isEqualByComparingTo(Pricing.cost(t.gateway.config().catalog().models().get("m").prices(),
        f.usage()));
  }

  @Test
  void aStreamCutByTheClientFinishesOnceChargedForWhatWasStreamed() throws Exception {
    start(recorder);
    t.mock.behave("m", MockBehaviour.DEFAULT.withTokensPerSecond(20));
    HttpRequest req = HttpRequest.newBuilder(URI.create(t.baseUrl() + "/v1/chat/completions"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(chat("m", "a long story please", "\"stream\":true"))).build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        byte[] buf = new byte[4096];
        int n = 0;
        while (n < 300) { // a few events, then hang up
          int k = in.read(buf);
          if (k < 0) {
            break;
          }
          n += k;
        }
      }
    }

    Finished f = recorder.only();
    assertThat(f.result()).isEqualTo(Finished.Result.CLIENT_GONE);
    assertThat(f.httpStatus()).isEqualTo(499);
    assertThat(f.usageEstimated()).isTrue();
    assertThat(f.usage().inputTokens()).isPositive();
    assertThat(f.usage().outputTokens()).isPositive();
    assertThat(f.costUsd()).isPositive();
    settle();
    assertThat(recorder.finished.values().iterator().next()).hasSize(1);
  }

  @Test
  void aStreamThatFailsMidwayFinishesOnceWithTheErrorAndItsPartialUsage() {
    start(recorder);
    t.mock.behave("m", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.TRUNCATE));
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("m", "tell me a story", "\"stream\":true"));
    assertThat(s.status()).isEqualTo(200);

    Finished f = recorder.only();
    assertThat(f.result()).isEqualTo(Finished.Result.STREAMED);
    assertThat(f.error()).isNotNull();
    assertThat(f.succeeded()).isFalse();
    assertThat(f.usage().outputTokens()).isPositive();
    assertThat(f.usageEstimated()).isTrue();
  }

  @Test
  void aRequestRefusedBeforeRoutingFinishesOnceAndIsNeverRouted() {
    start(recorder);
    Http.Response r = t.http.post("/v1/chat/completions", chat("no-such-model", "hi"));
    assertThat(r.status()).isEqualTo(404);

    Finished f = recorder.only();
    assertThat(f.result()).isEqualTo(Finished.Result.FAILED);
    assertThat(f.httpStatus()).isEqualTo(404);
    assertThat(f.error().reason()).isEqualTo(dev.fairway.api.Reason.MODEL_NOT_FOUND);
    assertThat(f.attempts()).isZero();
    assertThat(f.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(recorder.routedCount()).isZero();
  }

  @Test
  void aBodyThatDoesNotDecodeFinishesOnceAsAFailure() {
    start(recorder);
    Http.Response r = t.http.post("/v1/messages", "{not json", "anthropic-version", "2023-06-01");
    assertThat(r.status()).isEqualTo(400);

    Finished f = recorder.only();
    assertThat(f.result()).isEqualTo(Finished.Result.FAILED);
    assertThat(f.httpStatus()).isEqualTo(400);
    assertThat(recorder.routedCount()).isZero();
  }

  @Test
  void aTokenCountGoesThroughThePipelineAndFinishesOnce() {
    start(recorder);
    Http.Response r = t.http.post("/v1/messages/count_tokens",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "anthropic-version", "2023-06-01");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-token-count")).isEqualTo("estimate");

    Finished f = recorder.only();
    assertThat(f.result()).isEqualTo(Finished.Result.ANSWERED);
    assertThat(f.outcome()).isInstanceOf(Outcome.Counted.class);
    assertThat(recorder.routedCount()).isEqualTo(1);
  }

  @Test
  void aListenerThatThrowsNeverBreaksTheRequestAndEveryListenerIsClosedWithTheGateway() {
    AtomicInteger thrown = new AtomicInteger();
    CallEvents broken = new CallEvents() {
      @Override
      public void requestStarted(RequestContext ctx) {
        thrown.incrementAndGet();
        throw new IllegalStateException("boom");
      }

      @Override
      public void requestFinished(RequestContext ctx, Finished f) {
        thrown.incrementAndGet();
        throw new IllegalStateException("boom");
      }

      @Override
      public void close() {
        throw new IllegalStateException("boom on close");
      }
    };
    start(CallEvents.all(List.of(broken, recorder)));
    for (int i = 0; i < 3; i++) {
      assertThat(t.http.post("/v1/chat/completions", chat("m", "hi " + i)).status()).isEqualTo(200);
    }
    assertThat(thrown).hasValue(6);
    assertThat(recorder.finished).hasSize(3);
    t.close();
    t = null;
    assertThat(recorder.closed).hasValue(1);
  }

  /** Lets anything late (a second finish, if there were one) arrive before counting. */
  private void settle() {
    // One more request through the same event loop: anything queued for the first has run.
    t.http.get("/healthz");
  }
}
