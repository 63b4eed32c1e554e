package dev.fairway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.GatewayError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/** Credentials are resolved off the event loop, once, and renewed before they expire. */
class AwsCredentialsCacheTest {
  final Vertx vertx = Vertx.vertx();
  final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final AtomicInteger resolutions = new AtomicInteger();
  final AtomicBoolean resolvedOnEventLoop = new AtomicBoolean();
  volatile CountDownLatch gate = new CountDownLatch(0);
  volatile Duration lifetime;

  final IdentityProvider<AwsCredentialsIdentity> source = new IdentityProvider<>() {
    @Override
    public Class<AwsCredentialsIdentity> identityType() {
      return AwsCredentialsIdentity.class;
    }

    @Override
    public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
      resolvedOnEventLoop.compareAndSet(false, Context.isOnEventLoopThread());
      try {
        gate.await(10, TimeUnit.SECONDS); // a slow metadata endpoint
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int n = resolutions.incrementAndGet();
      if (lifetime == null) {
        return CompletableFuture.failedFuture(new IllegalStateException(
            "Unable to load credentials from any of the providers in the chain (AKIAIOSFODNN7EXAMPLE)"));
      }
      return CompletableFuture.completedFuture(AwsSessionCredentials.builder().accessKeyId("AKID" + n)
          .secretAccessKey("s").sessionToken("t").expirationTime(clock.instant().plus(lifetime)).build());
    }
  };

  final AwsCredentialsCache cache = new AwsCredentialsCache(source, vertx, clock, "bedrock");

  @AfterEach
  void stop() {
    vertx.close();
  }

  @Test
  void resolvesOnAWorkerWithoutBlockingTheEventLoop() throws Exception {
    lifetime = Duration.ofHours(1);
    gate = new CountDownLatch(1);
    Promise<Future<AwsCredentialsIdentity>> asked = Promise.promise();
    CountDownLatch loopFree = new CountDownLatch(1);
    cache.refresh(); // the adapter's warm-up, from a thread outside Vert.x
    Context loop = vertx.getOrCreateContext();
    loop.runOnContext(v -> {
      asked.complete(cache.get());
      loop.runOnContext(w -> loopFree.countDown()); // runs only if get() did not block the loop
    });

    assertThat(loopFree.await(5, TimeUnit.SECONDS)).isTrue();
    Future<AwsCredentialsIdentity> pending = asked.future().result();
    assertThat(pending.isComplete()).isFalse();
    CompletableFuture<Boolean> deliveredOnLoop = new CompletableFuture<>();
    pending.onComplete(ar -> deliveredOnLoop.complete(Vertx.currentContext() == loop));
    gate.countDown();
    assertThat(await(pending).accessKeyId()).isEqualTo("AKID1");
    assertThat(resolvedOnEventLoop.get()).isFalse();
    assertThat(deliveredOnLoop.get(5, TimeUnit.SECONDS)).as("answered on the caller's event loop").isTrue();
  }

  @Test
  void resolvesOnceForConcurrentCallersAndThenAnswersFromTheCache() throws Exception {
    lifetime = Duration.ofHours(1);
    gate = new CountDownLatch(1);
    Future<AwsCredentialsIdentity> a = cache.get();
    Future<AwsCredentialsIdentity> b = cache.get();
    gate.countDown();

    assertThat(await(a)).isSameAs(await(b));
    Future<AwsCredentialsIdentity> c = cache.get();
    assertThat(c.isComplete()).isTrue();
    assertThat(c.result().accessKeyId()).isEqualTo("AKID1");
    assertThat(resolutions.get()).isEqualTo(1);
  }

  @Test
  void renewsTemporaryCredentialsBeforeTheyExpire() throws Exception {
    lifetime = Duration.ofMinutes(30);
    assertThat(await(cache.get()).accessKeyId()).isEqualTo("AKID1");

    clock.advance(Duration.ofMinutes(27)); // inside the five minutes before expiry: still usable, renewed meanwhile
    Future<AwsCredentialsIdentity> stillValid = cache.get();
    assertThat(stillValid.result().accessKeyId()).isEqualTo("AKID1");
    await(cache.refresh());
    assertThat(cache.get().result().accessKeyId()).isEqualTo("AKID2");

    clock.advance(Duration.ofMinutes(31)); // expired: callers wait for new ones
    assertThat(await(cache.get()).accessKeyId()).isEqualTo("AKID3");
  }

  @Test
  void reportsMissingCredentialsAsTheGatewaysProblemWithoutKeys() {
    lifetime = null;

    Future<AwsCredentialsIdentity> f = cache.get();

    Throwable t = awaitFailure(f);
    assertThat(t).isInstanceOfSatisfying(GatewayError.class, e -> {
      assertThat(e.wireCode()).isEqualTo("upstream_auth_failed");
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("no usable AWS credentials").doesNotContain("AKIAIOSFODNN7EXAMPLE");
    });
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Throwable awaitFailure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
