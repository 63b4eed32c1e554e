package dev.fairway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.routing.embed.Embedder;
import dev.fairway.routing.embed.EmbeddingService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmbeddingServiceTest {
  /** An embedder that blocks until released, counting its calls. */
  static final class Gate implements Embedder {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    public String id() {
      return "gate";
    }

    public int dimension() {
      return 1;
    }

    public float[] embed(String text) {
      calls.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new float[] {text.length()};
    }
  }

  @Test
  void aRepeatedPromptIsAnsweredFromTheCache() throws Exception {
    Gate g = new Gate();
    g.release.countDown();
    try (EmbeddingService s = new EmbeddingService(g, 1, 4, 100)) {
      assertThat(s.embed("hello").get(5, TimeUnit.SECONDS)).containsExactly(5f);
      CompletableFuture<float[]> again = s.embed("hello");
      assertThat(again).isDone();
      assertThat(again.get()).containsExactly(5f);
      assertThat(g.calls).hasValue(1);
    }
  }

  @Test
  void whenWorkersAndQueueAreFullTheAnswerIsNullAtOnce() throws Exception {
    Gate g = new Gate();
    try (EmbeddingService s = new EmbeddingService(g, 1, 1, 100)) {
      CompletableFuture<float[]> running = s.embed("a");
      CompletableFuture<float[]> queued = s.embed("bb");
      CompletableFuture<float[]> refused = s.embed("ccc");
      assertThat(refused).isDone();
      assertThat(refused.get()).isNull();
      g.release.countDown();
      assertThat(running.get(5, TimeUnit.SECONDS)).containsExactly(1f);
      assertThat(queued.get(5, TimeUnit.SECONDS)).containsExactly(2f);
    }
  }
}
