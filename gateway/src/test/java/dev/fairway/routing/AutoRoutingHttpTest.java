package dev.fairway.routing;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code model: "auto"} end to end over real HTTP: both ingress protocols, streaming, the route header. */
class AutoRoutingHttpTest {
  static TestGateway t;

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1", api_key: test-key}
        models:
          - {id: frontier, owner: house, prices: {input: 5, output: 20}, context_window: 200000, quality: 0.95,
             capabilities: [tools, vision, json], deployments: [{provider: mock, model: frontier}]}
          - {id: workhorse, owner: rival, prices: {input: 0.3, output: 1.2}, context_window: 200000, quality: 0.85,
             capabilities: [tools, json], deployments: [{provider: mock, model: workhorse}]}
          - {id: pocket, owner: other, prices: {input: 0.02, output: 0.05}, context_window: 4000, quality: 0.6,
             capabilities: [], deployments: [{provider: mock, model: pocket}]}
        routers:
          picky:
            candidates: [workhorse, pocket]
            objective: {type: threshold, delta: 0.5}
        """);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  /** A chat request for {@code model} with a 1×1 PNG: only vision models can take it. */
  static String withImage(String model) {
    return """
        {"model": "%s", "messages": [{"role": "user", "content": [
          {"type": "text", "text": "What is in this picture?"},
          {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="}}]}]}
        """.formatted(model);
  }

  static List<String> routeField(String header, String key) {
    List<String> out = new ArrayList<>();
    for (String part : header.split("; ")) {
      if (part.startsWith(key + "=")) {
        out.add(part.substring(key.length() + 1));
      }
    }
    return out;
  }

  @Test
  void autoAnswersWithTheModelItChoseAndExplainsWhy() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("auto", "Plan the migration of our data warehouse to"
        + " the cloud over two quarters with milestones and risks."));
    assertThat(r.status()).isEqualTo(200);
    String route = r.header("x-fairway-route");
    assertThat(route).startsWith("router=auto; objective=threshold(delta=0)").contains("task=planning");
    String chosen = routeField(route, "chosen").get(0);
    assertThat(chosen).startsWith("frontier ");
    assertThat(r.header("x-fairway-model")).isEqualTo("frontier");
    assertThat(r.json().path("model").asText()).isEqualTo("frontier");
    assertThat(routeField(route, "runner_up")).singleElement().asString().startsWith("workhorse ");
  }

  @Test
  void smallTalkGoesToACheapModel() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("auto", "hi there, how are you today?"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-route")).contains("task=light");
    assertThat(r.header("x-fairway-model")).isEqualTo("pocket");
  }

  @Test
  void costModeAndNamedRoutersWork() {
    Http.Response cost = t.http.post("/v1/chat/completions", chat("auto:cost", "Tell me about gateways"));
    assertThat(cost.header("x-fairway-route")).startsWith("router=auto:cost; objective=threshold(delta=0.15)");
    assertThat(cost.header("x-fairway-model")).isEqualTo("workhorse");

    Http.Response picky = t.http.post("/v1/chat/completions", chat("picky", "Tell me about gateways"));
    assertThat(picky.header("x-fairway-route")).startsWith("router=picky;");
    assertThat(picky.header("x-fairway-model")).isEqualTo("pocket");
  }

  @Test
  void aRequestNeedingImagesSkipsModelsWithoutVision() {
    Http.Response r = t.http.post("/v1/chat/completions", withImage("auto:cost"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-model")).isEqualTo("frontier");
  }

  @Test
  void whenNoCandidateCanServeTheClientGetsAnOpenAiErrorNamingEachReason() {
    Http.Response r = t.http.post("/v1/chat/completions", withImage("picky"));
    assertThat(r.status()).isEqualTo(400);
    JsonNode e = r.json().path("error");
    assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(e.path("code").asText()).isEqualTo("no_candidate");
    assertThat(e.path("message").asText()).contains("workhorse: no image input").contains("pocket: no image input");
  }

  @Test
  void streamsThroughTheRouterWithTheRouteHeader() {
    Http.Stream s = t.http.stream("/v1/chat/completions", """
        {"model": "auto:quality", "stream": true, "stream_options": {"include_usage": true},
         "messages": [{"role": "user", "content": "Tell me about gateways"}]}
        """);
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("x-fairway-route")).startsWith("router=auto:quality;");
    assertThat(s.header("x-fairway-model")).isEqualTo("frontier");
    assertThat(s.data()).last().isEqualTo("[DONE]");
  }

  @Test
  void theAnthropicProtocolRoutesToo() {
    Http.Response r = t.http.post("/v1/messages", """
        {"model": "auto", "max_tokens": 100, "messages": [{"role": "user", "content": "Thanks, that helps a lot!"}]}
        """, "anthropic-version", "2023-06-01");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-route")).startsWith("router=auto;");
    assertThat(r.json().path("model").asText()).isEqualTo(r.header("x-fairway-model"));
  }

  @Test
  void countTokensAcceptsARouterName() {
    Http.Response r = t.http.post("/v1/messages/count_tokens", """
        {"model": "auto", "messages": [{"role": "user", "content": "How many tokens is this?"}]}
        """, "anthropic-version", "2023-06-01");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("input_tokens").asLong()).isPositive();
    assertThat(r.header("x-fairway-token-count")).isEqualTo("estimate");
  }

  @Test
  void theModelListNamesTheRouters() {
    JsonNode models = t.http.get("/v1/models").json().path("data");
    List<String> ids = new ArrayList<>();
    models.forEach(m -> ids.add(m.path("id").asText()));
    assertThat(ids).contains("frontier", "auto", "auto:quality", "auto:balanced", "auto:cost", "picky");
    assertThat(t.http.get("/v1/models/auto").json().path("owned_by").asText()).isEqualTo("fairway-router");
  }
}
