package dev.fairway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Message;
import dev.fairway.api.Reason;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tenant allow-list holds for named models and their fallbacks, not only for routers. */
class AccessTest {
  static final GatewayConfig CONFIG = ConfigLoader.loadText("t.yaml", """
      catalog: {builtin: false}
      providers:
        p: {protocol: openai, base_url: "http://127.0.0.1:9/v1"}
      models:
        - {id: cheap, owner: o, prices: {input: 1, output: 1}, context_window: 8000, quality: 0.5, deployments: [{provider: p}]}
        - {id: mid, owner: o, prices: {input: 2, output: 2}, context_window: 8000, quality: 0.7, aliases: [smart], deployments: [{provider: p}]}
        - {id: big, owner: o, prices: {input: 9, output: 9}, context_window: 8000, quality: 0.9, deployments: [{provider: p}]}
      fallbacks: {mid: [big, cheap]}
      routing: {embedder: none}
      routers:
        team-router: {candidates: [cheap, mid, big], objective: {type: threshold, delta: 0}}
      """, Map.of());

  static ChatRequest ask(String model) {
    return ChatRequest.builder(model).messages(List.of(Message.user("hi"))).build();
  }

  final Routing routing = Routing.create(CONFIG.catalog(), CONFIG.routing(), () -> StatsSnapshot.EMPTY, (r, room) -> 10);

  RouteDecision route(String model, Set<String> allowed) {
    var f = routing.route(ask(model), Access.of(allowed));
    if (f.failed()) {
      throw (RuntimeException) f.cause();
    }
    return f.result();
  }

  @Test
  void aNamedModelOutsideTheAllowListIsRefusedNamingIt() {
    assertThatThrownBy(() -> route("big", Set.of("cheap")))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION);
          assertThat(e.reason()).isEqualTo(Reason.MODEL_NOT_ALLOWED);
          assertThat(e.getMessage()).contains("`big`").doesNotContain("cheap");
        });
  }

  @Test
  void anAliasOnTheListAllowsItsModelAndFallbacksOffTheListAreDropped() {
    RouteDecision d = route("mid", Set.of("smart", "cheap"));
    assertThat(d.candidates()).extracting(c -> c.model().id()).containsExactly("mid", "cheap");
    assertThat(d.dropped()).containsExactly("big: not in the key's allowed models");
  }

  @Test
  void withoutAListEverythingIsAllowed() {
    assertThat(route("mid", null).candidates()).extracting(c -> c.model().id()).containsExactly("mid", "big", "cheap");
  }

  @Test
  void aRouterAllowedByNameChoosesAmongItsCandidatesUnlessTheListNamesModels() {
    assertThat(route("team-router", Set.of("team-router")).candidates()).hasSize(3);
    assertThat(route("team-router", Set.of("team-router", "cheap", "mid")).candidates())
        .extracting(c -> c.model().id()).containsExactlyInAnyOrder("cheap", "mid");
    assertThatThrownBy(() -> route("team-router", Set.of("mid")))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.reason()).isEqualTo(Reason.MODEL_NOT_ALLOWED));
  }

  @Test
  void aTokenCountObeysTheListToo() {
    assertThatThrownBy(() -> routing.routeForCounting(ask("big"), Access.of(Set.of("cheap"))))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.reason()).isEqualTo(Reason.MODEL_NOT_ALLOWED));
    assertThat(routing.routeForCounting(ask("team-router"), Access.ANY).candidates()).isEmpty();
  }
}
