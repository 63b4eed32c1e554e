package dev.fairway.neutrality;

import static dev.fairway.neutrality.Records.cand;
import static dev.fairway.neutrality.Records.favour;
import static dev.fairway.neutrality.Records.routed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterfactualTest {

  static List<DecisionRecord> meritOnlyDay() {
    return List.of(
        routed("r1", null, cand("big", "acme", 0.9, 0.010), cand("mid", "globex", 0.8, 0.001),
            cand("small", "initech", 0.5, 0.0001)),
        routed("r2", null, cand("big", "acme", 0.9, 0.0001), cand("mid", "globex", 0.8, 0.001)),
        routed("r3", null, cand("mid", "globex", 0.8, 0.001), cand("small", "initech", 0.5, 0.0001),
            cand("tiny", "initech", 0.4, 0.00001)));
  }

  @Test
  void decisionsLoggedAsTheRouterMadeThemReproduceAndNoOwnerPermutationMovesAChoice() {
    Counterfactual.Result r = Counterfactual.of(meritOnlyDay(), Window.ALL, 1);
    assertThat(r.routed()).isEqualTo(3);
    assertThat(r.reproduced()).isEqualTo(3);
    assertThat(r.reproducedShare()).isEqualTo(1.0);
    assertThat(r.mismatches()).isEmpty();
    // every permutation of the distinct owners: 3! + 2! + 2!
    assertThat(r.ownerBlind().replays()).isEqualTo(6 + 2 + 2);
    assertThat(r.ownerBlind().identical()).isEqualTo(r.ownerBlind().replays());
    assertThat(r.ownerBlind().decisionsMoved()).isZero();
    assertThat(r.underPolicy().decisions()).isZero();
    assertThat(r.policies()).isEmpty();
    assertThat(r.policyEffect().changed()).isZero();
    assertThat(r.holds()).isTrue();
  }

  @Test
  void aRecordWhoseOrderWasEditedIsReportedAsNotReproduced() {
    List<DecisionRecord> day = new ArrayList<>(meritOnlyDay());
    DecisionRecord r2 = day.get(1);
    day.set(1, Records.withRoute(r2, Records.edited(r2.route(), List.of("mid", "big"), false)));

    Counterfactual.Result r = Counterfactual.of(day, Window.ALL, 1);
    assertThat(r.reproduced()).isEqualTo(2);
    assertThat(r.holds()).isFalse();
    assertThat(r.mismatches()).singleElement().satisfies(m -> {
      assertThat(m.id()).isEqualTo("r2");
      assertThat(m.recorded()).containsExactly("mid", "big");
      assertThat(m.replayed()).containsExactly("big", "mid");
      assertThat(m.why()).contains("replayed order differs");
    });
    assertThat(r.table()).contains("NOT REPRODUCED r2");
  }

  @Test
  void aRecordHidingThatItsPolicyChangedTheChoiceIsNotReproduced() {
    DecisionRecord honest = routed("p1", favour("house", 0.2), cand("rival", "rival", 0.8, 0.001),
        cand("own", "house", 0.7, 0.001));
    assertThat(honest.route().policyChanged()).isTrue();
    DecisionRecord hiding = Records.withRoute(honest, Records.edited(honest.route(), honest.route().order(), false));

    Counterfactual.Result r = Counterfactual.of(List.of(hiding), Window.ALL, 1);
    assertThat(r.reproduced()).isZero();
    assertThat(r.mismatches()).singleElement().extracting(Counterfactual.Mismatch::why).asString()
        .contains("policy_changed=false", "replay gives true");
  }

  @Test
  void withAPolicyFavouringAnOwnerThePermutedReplaysMoveWhileMeritOnlyNeverDoes() {
    List<DecisionRecord> day = List.of(
        routed("p1", favour("house", 0.2), cand("rival", "rival", 0.8, 0.001), cand("own", "house", 0.7, 0.001)),
        routed("p2", favour("house", 0.2), cand("rival", "rival", 0.95, 0.001), cand("own", "house", 0.5, 0.001)));
    assertThat(day.get(0).route().order()).first().isEqualTo("own");
    assertThat(day.get(1).route().order()).first().isEqualTo("rival");

    Counterfactual.Result r = Counterfactual.of(day, Window.ALL, 1);
    assertThat(r.holds()).isTrue();
    assertThat(r.reproduced()).isEqualTo(2);
    assertThat(r.ownerBlind().identical()).isEqualTo(r.ownerBlind().replays()).isEqualTo(4);
    assertThat(r.underPolicy().decisions()).isEqualTo(2);
    assertThat(r.underPolicy().replays()).isEqualTo(4);
    // p1: the house label on "rival" makes it win; p2: a 0.2 bonus never overturns 0.95 vs 0.5
    assertThat(r.underPolicy().identical()).isEqualTo(3);
    assertThat(r.underPolicy().moved()).containsExactly("p1");
    assertThat(r.policies()).containsExactly("house(owners=house, quality_bonus=0.2, price_discount=0.0)");
    assertThat(r.policyEffect().decisions()).isEqualTo(2);
    assertThat(r.policyEffect().changed()).isEqualTo(1);
    assertThat(r.policyEffect().changedShare()).isEqualTo(0.5);
    assertThat(r.policyEffect().meanQualityDelta()).isCloseTo(-0.1, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.policyEffect().meanCostDeltaUsd()).isZero();
    assertThat(r.table()).contains("owners permuted, recorded house policy", "changed 1 of 2 routed choices (50.00%)");
  }

  @Test
  void aFavouredOwnerWithNoCandidateStillHasItsLabelTriedOnEveryCandidate() {
    // "house" has no model here, so the policy changed nothing; handing its label to "second" would
    DecisionRecord r = routed("p", favour("house", 0.1), cand("first", "rival", 0.8, 0.001),
        cand("second", "other", 0.75, 0.001));
    assertThat(r.route().policyChanged()).isFalse();

    Counterfactual.Result c = Counterfactual.of(List.of(r), Window.ALL, 1);
    assertThat(c.underPolicy().replays()).isEqualTo(6); // labels rival, other, house: 3!
    assertThat(c.underPolicy().decisionsMoved()).isEqualTo(1);
    assertThat(c.ownerBlind().identical()).isEqualTo(6);
    assertThat(c.policyEffect().changed()).isZero();
  }

  @Test
  void moreThanSixOwnersGetAHundredSeededRandomPermutations() {
    List<DecisionRecord.Candidate> seven = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      seven.add(cand("m" + i, "owner" + i, 0.5 + i * 0.05, 0.001 * (7 - i)));
    }
    DecisionRecord r = Records.routed("wide", Records.T0, favour("owner0", 0.3), seven);
    Counterfactual.Result a = Counterfactual.of(List.of(r), Window.ALL, 42);
    Counterfactual.Result b = Counterfactual.of(List.of(r), Window.ALL, 42);
    assertThat(a.ownerBlind().replays()).isEqualTo(Counterfactual.RANDOM_PERMUTATIONS);
    assertThat(a.ownerBlind().identical()).isEqualTo(Counterfactual.RANDOM_PERMUTATIONS);
    assertThat(a.underPolicy().replays()).isEqualTo(Counterfactual.RANDOM_PERMUTATIONS);
    assertThat(a.underPolicy().identical()).isEqualTo(b.underPolicy().identical()).isLessThan(100);
  }

  @Test
  void namedModelsAndRequestsThatFailedBeforeRoutingAreCountedNotReplayed() {
    List<DecisionRecord> day = new ArrayList<>(meritOnlyDay());
    day.add(Records.explicit("e1", "big", "acme", List.of(), "big"));
    day.add(Records.record("u1", Records.T0, null, List.of(), null));
    Counterfactual.Result r = Counterfactual.of(day, Window.ALL, 1);
    assertThat(r.records()).isEqualTo(5);
    assertThat(r.explicit()).isEqualTo(1);
    assertThat(r.unrouted()).isEqualTo(1);
    assertThat(r.routed()).isEqualTo(3);
    assertThat(r.holds()).isTrue();
  }

  @Test
  void inputsThatCannotBeReplayedAreNotReproducedRatherThanACrash() {
    DecisionRecord good = meritOnlyDay().get(0);
    DecisionRecord.Route bad = new DecisionRecord.Route("auto", false, null,
        new DecisionRecord.Objective("bogus", null, null, null), 0, null, false, null, good.route().candidates(),
        List.of(), good.route().order(), "x");
    Counterfactual.Result r = Counterfactual.of(List.of(Records.withRoute(good, bad)), Window.ALL, 1);
    assertThat(r.reproduced()).isZero();
    assertThat(r.holds()).isFalse();
    assertThat(r.mismatches()).singleElement().extracting(Counterfactual.Mismatch::why).asString()
        .contains("do not replay", "unknown objective 'bogus'");
  }

  @Test
  void theResultIsJsonWithSnakeCaseFieldsAndNullsForFiguresThatDoNotExist() throws Exception {
    JsonNode j = new ObjectMapper().readTree(AuditJson.text(Counterfactual.of(meritOnlyDay(),
        Window.parse("2025-03-10", null), 1)));
    assertThat(j.path("from").asText()).isEqualTo("2025-03-10T00:00:00Z");
    assertThat(j.path("to").isNull()).isTrue();
    assertThat(j.path("holds").asBoolean()).isTrue();
    assertThat(j.at("/owner_blind/identical_share").asDouble()).isEqualTo(1.0);
    assertThat(j.at("/under_policy/identical_share").isNull()).isTrue();
    assertThat(j.at("/policy_effect/mean_quality_delta").isNull()).isTrue();
  }

  @Test
  void windowsAreHalfOpenAndDatesAreWholeUtcDays() {
    Window w = Window.parse("2025-03-10", "2025-03-11T00:00:00Z");
    assertThat(w.contains(Records.T0)).isTrue();
    assertThat(w.contains(Records.T0 + 86_400_000L - 1)).isTrue();
    assertThat(w.contains(Records.T0 + 86_400_000L)).isFalse();
    assertThat(w.contains(Records.T0 - 1)).isFalse();
    assertThat(Window.parse(null, null)).isEqualTo(Window.ALL);
    assertThat(Window.parse("2025-03-10T01:00:00+01:00", null).fromMs()).isEqualTo(Records.T0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Window.parse("yesterday", null))
        .hasMessageStartingWith("--from: expected a date (YYYY-MM-DD, UTC)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Window.parse("2025-03-11", "2025-03-10"))
        .hasMessageContaining("ends").hasMessageContaining("before it starts");
  }
}
