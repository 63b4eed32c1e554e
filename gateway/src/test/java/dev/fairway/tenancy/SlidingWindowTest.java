package dev.fairway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

  @Test
  void anAdmissionCountsForAtLeastSixtySecondsAndAtMostOneSliceMore() {
    SlidingWindow w = new SlidingWindow();
    w.add(1, 1_000_050);
    assertThat(w.used(1_000_050 + 59_999)).isEqualTo(1);
    assertThat(w.used(1_000_100 + 60_000 - 1)).isEqualTo(1);
    assertThat(w.used(1_000_100 + 60_000)).isZero();
  }

  @Test
  void neverAdmitsMoreThanTheLimitInAnySixtySecondInterval() {
    // A random stream of attempts, each admitted when it fits; then every 60 s interval is checked
    // against the exact log of admissions.
    SplittableRandom r = new SplittableRandom(7);
    SlidingWindow w = new SlidingWindow();
    int limit = 50;
    long[] admitted = new long[100_000];
    int n = 0;
    long now = 0;
    for (int i = 0; i < 100_000; i++) {
      now += r.nextInt(0, 800);
      if (w.fits(1, limit, now)) {
        w.add(1, now);
        admitted[n++] = now;
      }
    }
    int j = 0;
    for (int i = 0; i < n; i++) {
      while (admitted[i] - admitted[j] >= 60_000) {
        j++;
      }
      assertThat(i - j + 1).isLessThanOrEqualTo(limit);
    }
    assertThat(n).isGreaterThan(1000);
  }

  @Test
  void waitIsUntilEnoughOfTheOldestSlicesLeave() {
    SlidingWindow w = new SlidingWindow();
    w.add(3, 0);      // slice stamped 100
    w.add(5, 10_000); // stamped 10_100
    assertThat(w.waitMs(2, 10, 20_000)).isZero();
    assertThat(w.waitMs(4, 10, 20_000)).isEqualTo(100 + 60_000 - 20_000);
    assertThat(w.waitMs(9, 10, 20_000)).isEqualTo(10_100 + 60_000 - 20_000);
    assertThat(w.waitMs(11, 10, 20_000)).isEqualTo(-1);
    assertThat(w.resetMs(20_000)).isEqualTo(10_100 + 60_000 - 20_000);
  }

  @Test
  void anAdjustmentReplacesAnEstimateInItsSlice() {
    SlidingWindow w = new SlidingWindow();
    long stamp = w.add(1000, 0);
    w.add(10, 5_000);
    w.adjust(stamp, -600, 6_000);
    assertThat(w.used(6_000)).isEqualTo(410);
    w.adjust(stamp, -10_000, 6_000); // never below zero
    assertThat(w.used(6_000)).isEqualTo(10);
  }

  @Test
  void anIncreaseAfterTheSliceLeftIsRecordedNow() {
    SlidingWindow w = new SlidingWindow();
    long stamp = w.add(100, 0);
    w.adjust(stamp, 50, 70_000);
    assertThat(w.used(70_000)).isEqualTo(50);
    w.adjust(stamp, -50, 70_000);
    assertThat(w.used(70_000)).isEqualTo(50);
  }

  @Test
  void memoryIsBoundedBySlicesNotByTraffic() {
    SlidingWindow w = new SlidingWindow();
    for (long t = 0; t < 600_000; t++) {
      w.add(1, t);
    }
    assertThat(w.used(600_000)).isLessThanOrEqualTo(60_100);
  }
}
