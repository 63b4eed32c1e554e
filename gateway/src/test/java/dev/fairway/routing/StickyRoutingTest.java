package dev.fairway.routing;

import static dev.fairway.routing.RouterCatalogs.catalog;
import static dev.fairway.routing.RouterCatalogs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.Message;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Within one conversation a router keeps its model, unless that model fails or cannot take the prompt. */
class StickyRoutingTest {
  static final RouterSpec CHEAPEST = new RouterSpec("auto", List.of(), new Objective.Utility(1e6, 0), 0, 0, Set.of(),
      List.of());
  final AutoRouter router = new AutoRouter(catalog(spec("big", 10, 30, 0.92), spec("mid", 0.5, 1.5, 0.88),
      spec("tiny", 0.05, 0.1, 0.60)), RoutingSettings.defaults(), null, Map.of(), (r, room) -> 100);

  static ChatRequest turn(String... texts) {
    List<Message> ms = new java.util.ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      ms.add(i % 2 == 0 ? Message.user(texts[i]) : Message.assistant(texts[i]));
    }
    return ChatRequest.builder("auto").messages(ms).build();
  }

  @Test
  void aStickyModelThatStillQualifiesGoesFirstAndSaysSo() {
    RouteDecision d = router.route(turn("hi"), CHEAPEST, PromptSignals.NONE, StatsSnapshot.EMPTY, null, null, "big");
    assertThat(d.chosen().model().id()).isEqualTo("big");
    assertThat(d.chosen().reason()).startsWith("sticky");
    assertThat(d.explanation().header()).contains("sticky=true");
    assertThat(d.inputs().sticky()).isEqualTo("big");
    assertThat(RouteOrder.choice(d.inputs())).isEqualTo("big"); // the replay keeps it too
    // the rest of the plan is unchanged: merit order after the sticky model
    assertThat(d.candidates()).extracting(c -> c.model().id()).containsExactly("big", "tiny", "mid");
  }

  @Test
  void aStickyModelTheRequestHasFilteredOutIsNotKept() {
    RouteDecision d = router.route(turn("hi"), CHEAPEST, PromptSignals.NONE, StatsSnapshot.EMPTY, Set.of("tiny", "mid"),
        null, "big");
    assertThat(d.chosen().model().id()).isEqualTo("tiny");
    assertThat(d.explanation().header()).doesNotContain("sticky");
  }

  @Test
  void aConversationIsItsSessionHeaderElseItsOpeningAndOnlyLaterTurnsAreKept() {
    Conversations c = new Conversations(StickySessions.DEFAULT);
    Map<String, String> none = Map.of();
    Conversations.Key first = c.key("k1", "auto", turn("plan my trip"), none::get);
    Conversations.Key later = c.key("k1", "auto", turn("plan my trip", "where to?", "Lisbon"), none::get);
    assertThat(first.value()).isEqualTo(later.value());
    assertThat(first.continues()).isFalse();
    assertThat(later.continues()).isTrue();
    c.remember(first, "mid");
    assertThat(c.modelFor(first)).isNull(); // a one-shot prompt is routed afresh
    assertThat(c.modelFor(later)).isEqualTo("mid");
    // another tenant, same opening: its own conversation
    assertThat(c.modelFor(c.key("k2", "auto", turn("plan my trip", "where to?", "Lisbon"), none::get))).isNull();
    Map<String, String> claude = Map.of(Conversations.CLAUDE_CODE_SESSION_HEADER, "s-1");
    Conversations.Key session = c.key("k1", "auto", turn("anything"), claude::get);
    assertThat(session.continues()).isTrue();
    assertThat(new Conversations(StickySessions.OFF).key("k1", "auto", turn("x"), claude::get)).isNull();
  }

  @Test
  void conversationsAreForgottenWhenIdleAndBounded() {
    Conversations c = new Conversations(new StickySessions(true, Duration.ofHours(1), 2));
    Map<String, String> none = Map.of();
    for (int i = 0; i < 10; i++) {
      c.remember(c.key("k", "auto", turn("opening " + i, "a", "b"), none::get), "mid");
    }
    assertThat(c.size()).isLessThanOrEqualTo(2);
  }

  @Test
  void overHttpTheConversationKeepsTheModelThatServedItEvenAfterAFallback() {
    try (TestGateway t = TestGateway.start("""
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: cheap, owner: a, prices: {input: 0.1, output: 0.1}, context_window: 8000, quality: 0.6, deployments: [{provider: mock}]}
          - {id: dear, owner: b, prices: {input: 9, output: 9}, context_window: 8000, quality: 0.9, deployments: [{provider: mock}]}
        routing: {embedder: none}
        routers:
          thrifty: {candidates: [cheap, dear], objective: {type: utility, lambda: 1000000}}
        """)) {
      t.mock.behave("cheap", MockBehaviour.DEFAULT.withErrors(1.0, 500));
      String one = "{\"model\":\"thrifty\",\"messages\":[{\"role\":\"user\",\"content\":\"plan a trip\"}]}";
      Http.Response r1 = t.http.post("/v1/chat/completions", one, "x-fairway-session", "trip-1");
      assertThat(r1.header("x-fairway-model")).isEqualTo("dear"); // cheap failed, dear served

      t.mock.behave("cheap", MockBehaviour.DEFAULT); // cheap is healthy again, and still the cheapest
      t.resetHealth();
      String two = "{\"model\":\"thrifty\",\"messages\":[{\"role\":\"user\",\"content\":\"plan a trip\"},"
          + "{\"role\":\"assistant\",\"content\":\"where to?\"},{\"role\":\"user\",\"content\":\"Lisbon\"}]}";
      Http.Response r2 = t.http.post("/v1/chat/completions", two, "x-fairway-session", "trip-1");
      assertThat(r2.header("x-fairway-model")).isEqualTo("dear");
      assertThat(r2.header("x-fairway-route")).contains("sticky=true");

      Http.Response other = t.http.post("/v1/chat/completions", two, "x-fairway-session", "trip-2");
      assertThat(other.header("x-fairway-model")).isEqualTo("cheap"); // another conversation routes on merit
    }
  }
}
