package dev.fairway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.testing.Http;
import dev.fairway.testing.RawHttp;
import dev.fairway.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 1: sockets that announce big bodies and send nothing (or trickle) hold neither the
 * body budget nor their connection for long, and everyone else is served meanwhile.
 */
class SlowClientsTest {
  static TestGateway t;

  @BeforeAll
  static void start() {
    // The launcher's figures: 10 MiB bodies, a 32 MiB budget (an eighth of a 256 MB heap).
    t = TestGateway.start(Hostile.yaml("max_buffered_bytes: 33554432, body_timeout_ms: 600, idle_timeout_ms: 800,"
        + " min_body_bytes_per_second: 1000"));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static String head(String path, long length) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + length + "\r\n\r\n";
  }

  @Test
  void fourSocketsAnnouncingBigBodiesBlockNobodyAndAreThenTimedOut() {
    List<RawHttp> attackers = new ArrayList<>();
    try {
      for (long n : new long[] {10485760, 10485760, 10485760, 2097152}) {
        attackers.add(new RawHttp(t.gateway.port()).send(head("/v1/chat/completions", n)));
      }
      // Every POST endpoint still answers at once.
      assertThat(t.http.post("/v1/chat/completions", Http.chat("m", "hi")).status()).isEqualTo(200);
      assertThat(t.http.post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
          + "\"content\":\"hi\"}]}", "anthropic-version", "2023-06-01").status()).isEqualTo(200);
      assertThat(t.http.post("/v1/messages/count_tokens", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
          + "\"content\":\"hi\"}]}").status()).isEqualTo(200);

      // The silent uploads get 408 in the protocol's format, and their connections are closed.
      for (RawHttp a : attackers) {
        RawHttp.Response r = a.read();
        assertThat(r.status()).isEqualTo(408);
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(r.body()).contains("\"code\":\"request_timeout\"");
        assertThat(a.closedByServer()).isTrue();
      }
    } finally {
      attackers.forEach(RawHttp::close);
    }
  }

  @Test
  void aBodyTrickledBelowTheMinimumRateGets408() throws Exception {
    try (RawHttp c = new RawHttp(t.gateway.port())) {
      c.send(head("/v1/chat/completions", 100_000) + "{\"model\":");
      RawHttp.Response r = null;
      // one byte every 200 ms: never silent for 600 ms, but 5 bytes/s against a minimum of 1000
      for (int i = 0; i < 50 && r == null; i++) {
        c.send(" ");
        c.setReadTimeout(200);
        try {
          r = c.read();
        } catch (AssertionError stillWaiting) {
          // no answer yet: send the next byte
        }
      }
      assertThat(r).isNotNull();
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.body()).contains("too slowly");
    }
  }

  @Test
  void aChunkedBodyHoldsOnlyWhatItSent() {
    // A chunked upload that has sent 1 kB and stalls must not stop a 9 MB request (budget 32 MiB).
    try (RawHttp slow = new RawHttp(t.gateway.port())) {
      slow.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n400\r\n" + " ".repeat(1024) + "\r\n");
      String big = Http.chat("m", "x".repeat(9_000_000));
      assertThat(t.http.post("/v1/chat/completions", big).status()).as("not refused for lack of budget").isNotEqualTo(503);
      assertThat(slow.read().status()).isEqualTo(408);
    }
  }

  @Test
  void anIdleConnectionAndAnUnfinishedRequestHeadAreClosed() {
    try (RawHttp keepAlive = new RawHttp(t.gateway.port()); RawHttp slowHead = new RawHttp(t.gateway.port())) {
      keepAlive.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(keepAlive.read().status()).isEqualTo(200);
      slowHead.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");

      assertThat(keepAlive.closedByServer()).isTrue();
      assertThat(slowHead.closedByServer()).isTrue();
    }
  }

  @Test
  void aConnectionWaitingForItsAnswerIsNotIdle() {
    t.mock.behave(dev.fairway.mock.MockBehaviour.DEFAULT.withTtftMs(1500)); // longer than idle_timeout_ms
    try {
      assertThat(t.http.post("/v1/chat/completions", Http.chat("m", "slow")).status()).isEqualTo(200);
    } finally {
      t.mock.behave(dev.fairway.mock.MockBehaviour.DEFAULT);
    }
  }
}
