package dev.fairway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.routing.Objective;
import dev.fairway.routing.RouterSpec;
import dev.fairway.routing.RoutingSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingConfigTest {
  static final String MODELS = """
      catalog: {builtin: false}
      providers:
        local: {protocol: openai, base_url: "http://localhost:8000/v1"}
      models:
        - {id: big, owner: a, prices: {input: 5, output: 15}, context_window: 100000, deployments: [{provider: local, model: big}]}
        - {id: small, owner: b, prices: {input: 0.1, output: 0.4}, context_window: 100000, aliases: [tiny], deployments: [{provider: local, model: small}]}
      """;

  static GatewayConfig load(String more) {
    return ConfigLoader.loadText("fairway.yaml", MODELS + more, Map.of());
  }

  @Test
  void withoutARoutingSectionAutoIsTheUtilityRouterWithBuiltInTaskClasses() {
    RoutingSettings r = load("").routing();
    assertThat(r.auto().objective()).isEqualTo(new Objective.Utility(RoutingSettings.DEFAULT_LAMBDA, 0));
    assertThat(r.auto().tasks()).extracting(RouterSpec.TaskRule::name)
        .containsExactly("planning", "reasoning", "code", "extraction", "light");
    assertThat(r.router("auto:cost").objective()).isEqualTo(new Objective.Threshold(0.15));
    assertThat(r.router("auto:cost").tasks()).isEmpty();
    assertThat(r.router("big")).isNull();
    assertThat(r.routerNames()).containsExactly("auto", "auto:quality", "auto:balanced", "auto:cost");
  }

  @Test
  void readsNamedRoutersWithCandidatesObjectiveLimitsAndTasks() {
    RoutingSettings r = load("""
        routing:
          presets: {balanced: 0.02}
          expected_output_tokens: 500
        routers:
          cheap-code:
            candidates: [tiny, big]
            objective: {type: threshold, delta: 0.1}
            max_ttft_ms: 800
            max_cost_usd: 0.01
            regions: [us-east-1]
            tasks:
              code:
                examples: ["write a function", "fix this bug"]
                candidates: [big]
          auto:
            objective: {type: utility, lambda: 20, mu: 0.5}
            tasks: none
        """).routing();
    RouterSpec c = r.router("cheap-code");
    assertThat(c.candidates()).containsExactly("small", "big");
    assertThat(c.objective()).isEqualTo(new Objective.Threshold(0.1));
    assertThat(c.maxTtftMs()).isEqualTo(800);
    assertThat(c.maxCostUsd()).isEqualTo(0.01);
    assertThat(c.regions()).containsExactly("us-east-1");
    assertThat(c.tasks()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("code");
      assertThat(t.candidates()).containsExactly("big");
      assertThat(t.objective()).isNull();
    });
    assertThat(r.auto().objective()).isEqualTo(new Objective.Utility(20, 0.5));
    assertThat(r.auto().tasks()).isEmpty();
    assertThat(r.router("auto:balanced").objective()).isEqualTo(new Objective.Threshold(0.02));
    assertThat(r.expectedOutputTokens()).isEqualTo(500);
    assertThat(r.router("auto:cheap-code")).isSameAs(c);
  }

  @Test
  void anUnknownObjectiveNamesItsLine() {
    assertThatThrownBy(() -> load("""
        routers:
          r1:
            objective: {type: cheapest}
        """)).isInstanceOf(ConfigException.class)
        .hasMessage("fairway.yaml:9: routers.r1.objective.type: unknown objective 'cheapest' (expected threshold or utility)");
  }

  @Test
  void anUnknownCandidateNamesItsLine() {
    assertThatThrownBy(() -> load("""
        routers:
          r1:
            candidates: [big, gpt-9]
        """)).hasMessage("fairway.yaml:9: routers.r1.candidates[1]: 'gpt-9' is not a served model or alias");
  }

  @Test
  void aRouterMayNotShadowAModel() {
    assertThatThrownBy(() -> load("""
        routers:
          small:
            objective: {type: threshold}
        """)).hasMessageContaining("routers.small: router 'small' has the same name as a model or alias");
  }

  @Test
  void aMissingModelFileIsAConfigurationError() {
    assertThatThrownBy(() -> load("""
        routing:
          model_file: /nonexistent/router.model
        """)).hasMessageContaining("routing.model_file: file not found: /nonexistent/router.model");
  }

  @Test
  void aTaskWithoutExamplesIsRefused() {
    assertThatThrownBy(() -> load("""
        routers:
          auto:
            tasks:
              code: {candidates: [big]}
        """)).hasMessageContaining("routers.auto.tasks.code.examples: a task class needs example prompts");
  }

  @Test
  void anOutOfRangeDeltaIsRefused() {
    assertThatThrownBy(() -> load("""
        routers:
          r1:
            objective: {type: threshold, delta: 2}
        """)).hasMessageContaining("routers.r1.objective.delta: delta is a quality difference between 0 and 1, got 2.0");
  }
}
