package dev.fairway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The fault-injection suite at a reduced scale (the full run, 10,000 requests at 500 req/s, is
 * {@code bench/run faults}; its figures are in the README).
 */
class FaultSuiteTest {

  @Test
  void everyRequestSucceedsWithOneHealthyDeploymentNoDeadlineIsOverrunAndNothingLeaks() throws Exception {
    FaultSuite suite = new FaultSuite();
    suite.requests = 1_500;
    suite.rate = 500;
    suite.deadlineRequests = 300;
    suite.deadlineRate = 200;

    FaultSuite.Report r = suite.run();
    FaultSuite.print(r);

    assertThat(r.failures()).isEmpty();
    assertThat(r.availabilitySucceeded()).isEqualTo(r.availabilityRequests());
    assertThat(r.deadlineOvershootMaxMs()).isLessThanOrEqualTo(50);
    assertThat(r.deadlineAnswered() + r.deadlineTimedOut()).isPositive();
    assertThat(r.breakerStateWhileFailing()).isEqualTo("open");
    // one request at a time: exactly its threshold of failed calls, then its circuit is open
    assertThat(r.breakerCalls()).isEqualTo(r.breakerThreshold());
    assertThat(r.breakerOpens()).isEqualTo(1);
    assertThat(r.breakerClosedAfterMs()).isBetween(0L, 5_000L);
    assertThat(r.after().threads()).isLessThanOrEqualTo(r.before().threads());
    assertThat(r.after().sockets()).isLessThanOrEqualTo(r.before().sockets());
    assertThat(r.after().heapMb()).isLessThanOrEqualTo(r.before().heapMb() + 16);
  }
}
