package dev.fairway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.catalog.ProviderConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.MultiMap;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpstreamHttpTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private RequestOptions target(String base, String uri) {
    return new UpstreamHttp(vertx, ProviderConfig.openAiCompatible("p", URI.create(base), null), 1).target(uri);
  }

  @Test
  void aRequestToTheProvidersOwnOriginKeepsItsPathAndQuery() {
    RequestOptions o = target("https://example.openai.azure.com/openai",
        "https://example.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21");
    assertThat(o.getHost()).isEqualTo("example.openai.azure.com");
    assertThat(o.getPort()).isEqualTo(443);
    assertThat(o.isSsl()).isTrue();
    assertThat(o.getURI()).isEqualTo("/openai/deployments/gpt/chat/completions?api-version=2024-10-21");
  }

  @Test
  void anExplicitPortAndPlainHttpAreKept() {
    RequestOptions o = target("http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1/chat/completions");
    assertThat(o.getHost()).isEqualTo("127.0.0.1");
    assertThat(o.getPort()).isEqualTo(11434);
    assertThat(o.isSsl()).isFalse();
    assertThat(o.getURI()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void anotherOriginOrAnIpv6LiteralIsParsedAsAWholeUrl() {
    RequestOptions other = target("http://127.0.0.1:8080/v1", "http://127.0.0.1:8081/v1/chat/completions");
    assertThat(other.getPort()).isEqualTo(8081);
    assertThat(other.getURI()).isEqualTo("/v1/chat/completions");
    RequestOptions v6 = target("http://[::1]:8080/v1", "http://[::1]:8080/v1/chat/completions");
    assertThat(v6.getPort()).isEqualTo(8080);
    assertThat(v6.getURI()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void aBodyReadAfterTheResponseHasArrivedIsWholeEvenOffTheEventLoop() {
    String answer = "{\"embeddings\": [[0.25, 0.5]]}";
    HttpServer server = vertx.createHttpServer()
        .requestHandler(req -> req.response().putHeader("content-type", "application/json").end(answer))
        .listen(0, "127.0.0.1").await();
    String base = "http://127.0.0.1:" + server.actualPort();
    UpstreamHttp http = new UpstreamHttp(vertx, ProviderConfig.openAiCompatible("p", URI.create(base), null), 1);

    for (CallControl control : new CallControl[] {new CallControl(),
        new CallControl().timeouts(null, java.time.Duration.ofSeconds(30))}) {
      // From the test's own thread: the response is handed over, its bytes have come in since,
      // and only then does the reader attach. Without the hold, the body would read empty.
      HttpClientResponse resp = http.send(HttpMethod.GET, base + "/x", MultiMap.caseInsensitiveMultiMap(),
          Buffer.buffer(), control).await();
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(http.body(resp, control).await().toString()).isEqualTo(answer);
    }
  }
}
