package dev.fairway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.mock.MockServer;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The hop floor must be a faithful pass-through, or the overhead it calibrates means nothing. */
class HopFloorTest {

  @Test
  void forwardsTheBodyAndAnswersWithTheUpstreamsStatusAndBody() throws Exception {
    try (MockServer mock = MockServer.start(MockServer.Config.loopback(0))) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Vertx floor = HopFloor.start(port, mock.port());
      try {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],\"max_tokens\":8}";
        HttpResponse<String> direct = http.send(post("http://127.0.0.1:" + mock.port(), body),
            HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> viaFloor = http.send(post("http://127.0.0.1:" + port, body),
            HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> badViaFloor = http.send(post("http://127.0.0.1:" + port, "{not json"),
            HttpResponse.BodyHandlers.ofString());

        assertThat(viaFloor.statusCode()).isEqualTo(200);
        // the mock is deterministic: the same request gives the same completion text
        assertThat(viaFloor.body()).contains("\"chat.completion\"").contains(direct.body()
            .substring(direct.body().indexOf("\"choices\""), direct.body().indexOf("\"usage\"")));
        assertThat(badViaFloor.statusCode()).isEqualTo(400);
      } finally {
        floor.close().await();
      }
    }
  }

  @Test
  void readsThisProcesssCpuTime() {
    long cpu = LoadHarness.cpuMicros(ProcessHandle.current().pid());
    assertThat(cpu).isPositive();
  }

  private static HttpRequest post(String origin, String body) {
    return HttpRequest.newBuilder(URI.create(origin + "/v1/chat/completions"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
