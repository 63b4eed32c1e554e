package dev.fairway.routing;

import static dev.fairway.routing.RouterCatalogs.catalog;
import static dev.fairway.routing.RouterCatalogs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Message;
import dev.fairway.api.ToolDefinition;
import dev.fairway.catalog.Capabilities;
import dev.fairway.catalog.Catalog;
import dev.fairway.routing.quality.KnnPredictor;
import dev.fairway.routing.quality.Projection;
import dev.fairway.routing.quality.QualityModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AutoRouterTest {
  static final ChatRequest HELLO = ChatRequest.builder("auto").messages(List.of(Message.user("hello"))).build();

  // gpt-big: strong and dear; mid: good and cheap; tiny: weak and nearly free ($ per million tokens)
  static final Catalog THREE = catalog(spec("big", 10, 30, 0.92), spec("mid", 0.5, 1.5, 0.88), spec("tiny", 0.05, 0.1, 0.60));

  static AutoRouter router(Catalog c, QualityModel model, long tokens) {
    return new AutoRouter(c, RoutingSettings.defaults(), model, Map.of(), (r, room) -> tokens);
  }

  static RouterSpec auto(Objective o) {
    return new RouterSpec("auto", List.of(), o, 0, 0, Set.of(), List.of());
  }

  static List<String> ids(RouteDecision d) {
    return d.candidates().stream().map(c -> c.model().id()).toList();
  }

  @Test
  void onPriorsTheThresholdObjectiveTakesTheCheapestWithinDelta() {
    RouteDecision d = router(THREE, null, 500).route(HELLO, auto(new Objective.Threshold(0.05)), PromptSignals.NONE,
        StatsSnapshot.EMPTY, null, null);
    assertThat(ids(d)).containsExactly("mid", "big", "tiny");
    assertThat(d.explanation().chosen().qualitySource()).isEqualTo("prior");
  }

  @Test
  void theUtilityObjectivePaysForQualityOnlyWhenLambdaAllows() {
    AutoRouter r = router(THREE, null, 2000);
    assertThat(ids(r.route(HELLO, auto(new Objective.Utility(0, 0)), PromptSignals.NONE, StatsSnapshot.EMPTY, null, null)).get(0))
        .isEqualTo("big");
    assertThat(ids(r.route(HELLO, auto(new Objective.Utility(50, 0)), PromptSignals.NONE, StatsSnapshot.EMPTY, null, null)).get(0))
        .isEqualTo("mid");
    assertThat(ids(r.route(HELLO, auto(new Objective.Utility(1e6, 0)), PromptSignals.NONE, StatsSnapshot.EMPTY, null, null)).get(0))
        .isEqualTo("tiny");
  }

  /** A 2-d "embedding space": prompts near (1,0) are easy, near (0,1) hard for the small model. */
  static QualityModel twoClusters() {
    // columns: big, mid
    float[] points = {1, 0, 0.99f, 0.14f, 0, 1, 0.14f, 0.99f};
    float[] scores = {1, 1, 1, 1, 1, 0, 1, 0};
    return new QualityModel("test", 400, List.of("big", "mid"), Projection.identity(2),
        new KnnPredictor(2, 2, points, scores, 2), null, null, 0, "knn", new double[] {1.0, 0.5}, Map.of());
  }

  @Test
  void predictedQualityFromDataSendsHardPromptsToTheStrongModel() {
    AutoRouter r = router(THREE, twoClusters(), 500);
    RouterSpec s = auto(new Objective.Threshold(0.05));
    RouteDecision easy = r.route(HELLO, s, new float[] {1, 0}, StatsSnapshot.EMPTY, null, null);
    RouteDecision hard = r.route(HELLO, s, new float[] {0, 1}, StatsSnapshot.EMPTY, null, null);
    assertThat(ids(easy).get(0)).isEqualTo("mid");
    assertThat(ids(hard).get(0)).isEqualTo("big");
    assertThat(hard.explanation().chosen().qualitySource()).isEqualTo("data");
    assertThat(hard.explanation().chosen().quality()).isEqualTo(1.0);
    // tiny has no data: it keeps its prior
    assertThat(hard.explanation().rows()).anySatisfy(row -> {
      assertThat(row.model()).isEqualTo("tiny");
      assertThat(row.qualitySource()).isEqualTo("prior");
    });
  }

  @Test
  void dropsModelsWhoseContextWindowTheRequestExceeds() {
    Catalog c = catalog(new RouterCatalogs.Spec("small-window", "a", 0.1, 0.1, 8_000, Capabilities.ALL, 0.9, "east"),
        spec("long", 1, 1, 0.8));
    RouteDecision d = router(c, null, 7_000).route(HELLO.toBuilder().maxTokens(2000).build(),
        auto(new Objective.Threshold(0.5)), PromptSignals.NONE, StatsSnapshot.EMPTY, null, null);
    assertThat(ids(d)).containsExactly("long");
    assertThat(d.dropped()).singleElement().asString()
        .contains("small-window").contains("~7000 tokens + 2000 to generate exceeds its 8000-token window");
  }

  @Test
  void dropsModelsLackingACapabilityTheRequestNeeds() {
    Catalog c = catalog(new RouterCatalogs.Spec("text-only", "a", 0.1, 0.1, 128_000, Capabilities.TEXT_ONLY, 0.9, "east"),
        spec("tools", 1, 1, 0.8));
    ChatRequest withTools = HELLO.toBuilder()
        .tools(List.of(new ToolDefinition("get_weather", "Weather", null, null))).build();
    RouteDecision d = router(c, null, 10).route(withTools, auto(new Objective.Threshold(0.5)), PromptSignals.NONE,
        StatsSnapshot.EMPTY, null, null);
    assertThat(ids(d)).containsExactly("tools");
    assertThat(d.dropped()).containsExactly("text-only: no tool support");
  }

  @Test
  void keepsOnlyTheTenantsAllowedModels() {
    RouteDecision d = router(THREE, null, 10).route(HELLO, auto(new Objective.Threshold(0.5)), PromptSignals.NONE,
        StatsSnapshot.EMPTY, Set.of("big"), null);
    assertThat(ids(d)).containsExactly("big");
    assertThat(d.dropped()).contains("tiny: not in the key's allowed models");
  }

  @Test
  void keepsOnlyModelsDeployedInAnAllowedRegion() {
    Catalog c = catalog(new RouterCatalogs.Spec("eu", "a", 1, 1, 128_000, Capabilities.ALL, 0.9, "west"),
        spec("us", 0.1, 0.1, 0.9));
    RouterSpec euOnly = new RouterSpec("eu-router", List.of(), new Objective.Threshold(0.1), 0, 0, Set.of("eu-west-1"),
        List.of());
    RouteDecision d = router(c, null, 10).route(HELLO, euOnly, PromptSignals.NONE, StatsSnapshot.EMPTY, null, null);
    assertThat(ids(d)).containsExactly("eu");
    assertThat(d.dropped()).containsExactly("us: no deployment in eu-west-1");
  }

  @Test
  void dropsCandidatesPredictedToCostMoreThanTheLimit() {
    RouterSpec capped = new RouterSpec("capped", List.of(), new Objective.Threshold(0), 0, 0.001, Set.of(), List.of());
    // 1000 input + 300 output tokens: big costs 0.01 + 0.009, mid 0.00095, tiny 0.00008
    RouteDecision d = router(THREE, null, 1000).route(HELLO, capped, PromptSignals.NONE, StatsSnapshot.EMPTY, null, null);
    assertThat(ids(d)).containsExactly("mid", "tiny");
    assertThat(d.dropped()).singleElement().asString().startsWith("big: predicted cost $0.019 over the $0.001 limit");
  }

  @Test
  void candidatesOverTheLatencySloGoLastNotAway() {
    RouterSpec slo = new RouterSpec("fast", List.of(), new Objective.Threshold(0.05), 400, 0, Set.of(), List.of());
    StatsSnapshot stats = new StatsSnapshot(Map.of("mid", 900.0, "big", 350.0));
    RouteDecision d = router(THREE, null, 100).route(HELLO, slo, PromptSignals.NONE, stats, null, null);
    assertThat(ids(d)).containsExactly("big", "tiny", "mid");
    assertThat(d.candidates().get(2).reason()).contains("over the 400 ms TTFT SLO");
  }

  @Test
  void aTaskClassBringsItsOwnObjectiveAndCandidates() {
    List<RouterSpec.TaskRule> rules = List.of(
        new RouterSpec.TaskRule("planning", List.of("plan"), List.of(), new Objective.Threshold(0)),
        new RouterSpec.TaskRule("light", List.of("hi"), List.of("tiny", "mid"), null));
    Map<String, float[]> space = Map.of("plan", new float[] {1, 0}, "hi", new float[] {0, 1});
    TaskClassifier tc = TaskClassifier.of(rules, space::get, 0.5);
    RouterSpec s = new RouterSpec("auto", List.of(), new Objective.Threshold(0.05), 0, 0, Set.of(), rules);
    AutoRouter r = new AutoRouter(THREE, RoutingSettings.defaults(), null, Map.of("auto", tc), (x, room) -> 100);

    RouteDecision planning = r.route(HELLO, s, new float[] {0.95f, 0.31f}, StatsSnapshot.EMPTY, null, null);
    assertThat(planning.explanation().task()).isEqualTo("planning");
    assertThat(ids(planning).get(0)).isEqualTo("big");

    RouteDecision light = r.route(HELLO, s, new float[] {0.1f, 0.99f}, StatsSnapshot.EMPTY, null, null);
    assertThat(light.explanation().task()).isEqualTo("light");
    assertThat(ids(light)).containsExactly("tiny", "mid");
    assertThat(light.explanation().objective()).isEqualTo("declared-order");

    RouteDecision neither = r.route(HELLO, s, new float[] {-1, 0}, StatsSnapshot.EMPTY, null, null);
    assertThat(neither.explanation().task()).isNull();
    assertThat(ids(neither).get(0)).isEqualTo("mid");
  }

  @Test
  void theHeaderNamesRouterObjectiveChoiceAndRunnerUp() {
    RouteDecision d = router(THREE, null, 1000).route(HELLO, auto(new Objective.Threshold(0.05)), PromptSignals.NONE,
        StatsSnapshot.EMPTY, null, null);
    assertThat(d.explanation().header()).isEqualTo("router=auto; objective=threshold(delta=0.05); "
        + "chosen=mid (q=0.880 prior cost=0.00095); runner_up=big (q=0.920 prior cost=0.019)");
    assertThat(d.explanation().header()).matches("\\p{ASCII}+");
    assertThat(d.explanation().table()).contains("rank").contains("mid").contains("chosen by threshold(delta=0.05)");
  }

  @Test
  void whenNothingSurvivesTheClientIsToldWhyPerModel() {
    assertThatThrownBy(() -> router(THREE, null, 10).route(HELLO, auto(new Objective.Threshold(0)), PromptSignals.NONE,
        StatsSnapshot.EMPTY, Set.of(), null))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.wireCode()).isEqualTo("no_candidate");
          assertThat(e.getMessage()).contains("big: not in the key's allowed models");
        });
  }

  @Test
  void theSameInputsAndSnapshotAlwaysGiveTheSameRoute() {
    StatsSnapshot stats = new StatsSnapshot(Map.of("big", 300.0, "mid", 200.0, "tiny", 100.0));
    RouterSpec s = new RouterSpec("auto", List.of(), new Objective.Utility(30, 0.05), 250, 0, Set.of(), List.of());
    List<String> first = null;
    for (int i = 0; i < 20; i++) {
      List<String> now = ids(router(THREE, twoClusters(), 800).route(HELLO, s, new float[] {0.6f, 0.8f}, stats, null, null));
      if (first == null) {
        first = now;
      }
      assertThat(now).isEqualTo(first);
    }
  }

  @Test
  void changingOnlyOwnerLabelsNeverChangesADecision() {
    SplittableRandom rnd = new SplittableRandom(7);
    List<String> owners = new ArrayList<>(List.of("house", "rival-1", "rival-2"));
    List<Objective> objectives = List.of(new Objective.Threshold(0.02), new Objective.Threshold(0.2),
        new Objective.Utility(10, 0), new Objective.Utility(500, 0.1));
    for (int trial = 0; trial < 200; trial++) {
      float[] e = {(float) rnd.nextDouble(-1, 1), (float) rnd.nextDouble(-1, 1)};
      RouterSpec s = auto(objectives.get(trial % objectives.size()));
      StatsSnapshot stats = new StatsSnapshot(Map.of("big", rnd.nextDouble(100, 900), "mid", rnd.nextDouble(100, 900)));
      List<String> base = ids(router(THREE, twoClusters(), 200 + trial).route(HELLO, s, e, stats, null, null));
      Collections.shuffle(owners, new java.util.Random(trial));
      Map<String, String> relabel = new HashMap<>();
      relabel.put("big", owners.get(0));
      relabel.put("mid", owners.get(1));
      relabel.put("tiny", owners.get(2));
      Catalog permuted = RouterCatalogs.withOwners(THREE, relabel);
      assertThat(ids(router(permuted, twoClusters(), 200 + trial).route(HELLO, s, e, stats, null, null)))
          .as("trial %d", trial).isEqualTo(base);
    }
  }
}
