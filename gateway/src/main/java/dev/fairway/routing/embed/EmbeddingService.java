package dev.fairway.routing.embed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embeds routing texts off the event loop, remembering recent ones. The worker pool and its queue
 * are bounded: when both are full the answer is {@code null} at once, and the router decides on
 * priors for that request instead of making it wait behind others. A busy gateway thus degrades
 * the route, never the latency.
 */
public final class EmbeddingService implements AutoCloseable {
  private final Embedder embedder;
  private final Cache<String, float[]> cache;
  private final ThreadPoolExecutor pool;

  public EmbeddingService(Embedder embedder, int threads, int queue, long cacheEntries) {
    this.embedder = embedder;
    this.cache = Caffeine.newBuilder().maximumSize(cacheEntries).build();
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
      Thread t = new Thread(r, "fairway-embed-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** One worker per two cores (ONNX Runtime already spreads one embedding over cores), a short queue. */
  public static EmbeddingService standard(Embedder embedder) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    return new EmbeddingService(embedder, threads, 32, 10_000);
  }

  public Embedder embedder() {
    return embedder;
  }

  /**
   * The text's embedding; completes on a worker thread, or at once from the cache. Completes with
   * null when the workers are saturated.
   */
  public CompletableFuture<float[]> embed(String text) {
    float[] hit = cache.getIfPresent(text);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit);
    }
    try {
      return CompletableFuture.supplyAsync(() -> cache.get(text, embedder::embed), pool);
    } catch (RejectedExecutionException busy) {
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Blocking form for the CLI and tests. */
  public float[] embedNow(String text) {
    return cache.get(text, embedder::embed);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
