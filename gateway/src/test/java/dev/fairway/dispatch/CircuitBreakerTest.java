package dev.fairway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  final FakeTicker ticker = new FakeTicker();
  final CircuitBreaker breaker =
      new CircuitBreaker(new CircuitBreaker.Config(3, 0.5, 10, 6, Duration.ofSeconds(30), 1), ticker);

  @Test
  void opensAfterConsecutiveFailuresAndRefusesCalls() {
    breaker.onFailure();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.opens()).isEqualTo(1);
  }

  @Test
  void opensOnAFailureRateOverTheWindow() {
    for (int i = 0; i < 6; i++) {
      breaker.onSuccess();
      breaker.onFailure(); // never three in a row, but half of all calls
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void letsOneProbeThroughAfterTheOpenPeriodAndClosesOnItsSuccess() {
    tripOpen();
    ticker.advance(Duration.ofSeconds(29));
    assertThat(breaker.tryAcquire()).isFalse();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isFalse(); // only one probe
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void reopensWhenTheProbeFails() {
    tripOpen();
    ticker.advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.opens()).isEqualTo(2);
  }

  @Test
  void anAbandonedProbeFreesItsPlace() {
    tripOpen();
    ticker.advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onAbandoned();
    assertThat(breaker.tryAcquire()).isTrue();
  }

  private void tripOpen() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }
}
