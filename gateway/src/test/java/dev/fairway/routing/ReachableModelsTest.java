package dev.fairway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.Message;
import dev.fairway.catalog.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a budget reservation prices: every model a request's route may try. */
class ReachableModelsTest {
  final Routing routing = Routing.create(AccessTest.CONFIG.catalog(), AccessTest.CONFIG.routing(),
      () -> StatsSnapshot.EMPTY, (r, room) -> 10);

  static List<String> ids(List<Model> models) {
    return models.stream().map(Model::id).sorted().toList();
  }

  @Test
  void aNamedModelReachesItsConfiguredFallbacksAndAnAliasTheSame() {
    assertThat(ids(routing.reachableModels(AccessTest.ask("mid")))).containsExactly("big", "cheap", "mid");
    assertThat(ids(routing.reachableModels(AccessTest.ask("smart")))).containsExactly("big", "cheap", "mid");
    assertThat(ids(routing.reachableModels(AccessTest.ask("cheap")))).containsExactly("cheap");
  }

  @Test
  void theRequestsOwnFallbacksAreAddedToItsModelsOnlyForThatRequest() {
    ChatRequest withFallback = ChatRequest.builder("cheap").messages(List.of(Message.user("hi")))
        .fallbackModels(List.of("big")).build();

    assertThat(ids(routing.reachableModels(withFallback))).containsExactly("big", "cheap");
    assertThat(ids(routing.reachableModels(AccessTest.ask("cheap")))).containsExactly("cheap");
    assertThat(ids(routing.reachableModels(withFallback))).containsExactly("big", "cheap");
  }

  @Test
  void aRouterReachesEveryCandidateAndAnUnknownNameNothing() {
    assertThat(ids(routing.reachableModels(AccessTest.ask("team-router")))).containsExactly("big", "cheap", "mid");
    for (int i = 0; i < 3; i++) {
      assertThat(routing.reachableModels(AccessTest.ask("no-such-model-" + i))).isEmpty();
    }
  }
}
