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

class AuditReportTest {
  static final AuditReport.Source SOURCE = new AuditReport.Source("the export file log.jsonl", "fairway.local/t", 7, 0,
      7L, "2025-03-11T00:00:00Z");

  static AuditReport.Result report(List<DecisionRecord> records) {
    AuditReport a = new AuditReport();
    records.forEach(a::add);
    return a.result(SOURCE, Window.ALL, Counterfactual.of(records, Window.ALL, 1));
  }

  static AuditReport.Row row(List<AuditReport.Row> rows, String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  /** Four routed decisions: "mid" (globex) wins three on merit, "big" (acme) one; one of mid's fell back to big. */
  static List<DecisionRecord> day() {
    List<DecisionRecord> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(routed("m" + i, null, cand("big", "acme", 0.9, 0.010), cand("mid", "globex", 0.8, 0.001)));
    }
    out.add(routed("b", null, cand("big", "acme", 0.9, 0.0001), cand("mid", "globex", 0.8, 0.001)));
    DecisionRecord fell = out.get(2);
    out.set(2, Records.record(fell.id(), fell.timeMs(), fell.route(), List.of(
        new DecisionRecord.AttemptEntry(1, "mid", "mid-d", "upstream", "upstream_error", 40),
        new DecisionRecord.AttemptEntry(2, "big", "big-d", "ok", null, 300)), "big"));
    return out;
  }

  @Test
  void perOwnerAndModelItReportsBestMeritChoiceAndServedShares() {
    AuditReport.Result r = report(day());
    assertThat(r.routed()).isEqualTo(4);
    assertThat(r.routedServed()).isEqualTo(4);
    AuditReport.Row globex = row(r.owners(), "globex");
    assertThat(globex.eligibleShare()).isEqualTo(1.0);
    assertThat(globex.bestMeritShare()).isEqualTo(0.75);
    assertThat(globex.wonShare()).isEqualTo(0.75);
    assertThat(globex.servedShare()).isEqualTo(0.5); // one of its three fell back to acme
    assertThat(globex.meanQualityOfWins()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(globex.meanCostOfWinsUsd()).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-15));
    AuditReport.Row acme = row(r.owners(), "acme");
    assertThat(acme.bestMerit()).isEqualTo(1);
    assertThat(acme.won()).isEqualTo(1);
    assertThat(acme.served()).isEqualTo(2);
    assertThat(r.owners()).extracting(AuditReport.Row::name).containsExactly("globex", "acme");
    assertThat(row(r.models(), "mid").owner()).isEqualTo("globex");
    assertThat(r.verdict()).isEqualTo(AuditReport.Verdict.NEUTRAL);
    assertThat(r.verdictLine()).startsWith("Neutral: all 4 routing decisions come out the same")
        .contains("never changed a choice (8 trials)");
  }

  @Test
  void anOwnerWithSeveralCandidatesCountsAsEligibleOncePerDecision() {
    AuditReport.Result r = report(List.of(
        routed("a", null, cand("big", "acme", 0.9, 0.010), cand("small", "acme", 0.6, 0.0001),
            cand("mid", "globex", 0.8, 0.001)),
        routed("b", null, cand("big", "acme", 0.9, 0.010), cand("small", "acme", 0.6, 0.0001))));
    assertThat(row(r.owners(), "acme").eligible()).isEqualTo(2);
    assertThat(row(r.owners(), "acme").eligibleShare()).isEqualTo(1.0);
    assertThat(row(r.owners(), "globex").eligibleShare()).isEqualTo(0.5);
    assertThat(row(r.models(), "small").eligible()).isEqualTo(2);
  }

  @Test
  void dispatchLatencyAndErrorRatePerOwnerCountEveryCallButCancellationsAndSkips() {
    List<DecisionRecord> records = new ArrayList<>(day());
    records.add(Records.explicit("e", "big", "acme", List.of(
        new DecisionRecord.AttemptEntry(1, "big", "big-d", "ok", null, 500),
        new DecisionRecord.AttemptEntry(2, "big", "big-d2", "cancelled", "hedge_lost", 20),
        new DecisionRecord.AttemptEntry(0, "big", null, "skipped", "circuit open", 0)), "big"));
    AuditReport.Result r = report(records);
    AuditReport.Dispatch acme = r.dispatch().stream().filter(d -> d.owner().equals("acme")).findFirst().orElseThrow();
    assertThat(acme.attempts()).isEqualTo(3); // m2's fallback, b, and the named request's winning call
    assertThat(acme.failed()).isZero();
    assertThat(acme.p50Ms()).isEqualTo(300);
    assertThat(acme.p95Ms()).isEqualTo(500);
    AuditReport.Dispatch globex = r.dispatch().stream().filter(d -> d.owner().equals("globex")).findFirst().orElseThrow();
    assertThat(globex.attempts()).isEqualTo(3);
    assertThat(globex.failed()).isEqualTo(1);
    assertThat(globex.errorRate()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.records()).isEqualTo(5);
    assertThat(r.routed()).isEqualTo(4); // the named request is no routing decision
  }

  @Test
  void aHousePolicyIsNamedWithWhatItChangedInTheVerdict() {
    List<DecisionRecord> records = new ArrayList<>(day());
    records.add(routed("p", favour("acme", 0.2), cand("big", "acme", 0.75, 0.001), cand("mid", "globex", 0.8, 0.001)));
    AuditReport.Result r = report(records);
    assertThat(r.verdict()).isEqualTo(AuditReport.Verdict.HOUSE_POLICY);
    assertThat(r.verdictLine()).contains("house(owners=acme, quality_bonus=0.2", "the preference changed 1 of them (20.00%)",
        "0.050 lower predicted quality");
    assertThat(row(r.owners(), "acme").bestMerit()).isEqualTo(1); // merit alone: only "b"
    assertThat(row(r.owners(), "acme").won()).isEqualTo(2);
  }

  @Test
  void decisionsThatDoNotReplayMakeTheVerdictNotVerified() {
    List<DecisionRecord> records = new ArrayList<>(day());
    DecisionRecord b = records.get(3);
    records.set(3, Records.withRoute(b, Records.edited(b.route(), List.of("mid", "big"), false)));
    AuditReport.Result r = report(records);
    assertThat(r.verdict()).isEqualTo(AuditReport.Verdict.NOT_REPRODUCED);
    assertThat(r.verdictLine()).startsWith("Not verified: 1 of 4 routing decisions");
    assertThat(report(List.of()).verdict()).isEqualTo(AuditReport.Verdict.NOTHING_ROUTED);
  }

  @Test
  void theHtmlPageIsSelfContainedEscapesWhatTheLogSaysAndPlotsEveryOwner() {
    List<DecisionRecord> records = new ArrayList<>(day());
    records.add(routed("x", null, cand("evil", "<script>alert('x')</script>", 0.99, 0.0001),
        cand("mid", "globex", 0.8, 0.001)));
    String html = ReportPage.html(report(records));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("Routing neutrality report", "Neutral.",
        "the export file log.jsonl", "What was audited", "How it was checked");
    assertThat(html).doesNotContain("<script", "<link", " src=", "url(", "https://");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
    assertThat(svg.split("<circle", -1)).hasSize(1 + 3); // acme, globex and the hostile owner
    assertThat(svg).contains("stroke-dasharray"); // the diagonal
  }

  @Test
  void theReportIsJsonWithTheCounterfactualInside() throws Exception {
    JsonNode j = new ObjectMapper().readTree(AuditJson.text(report(day())));
    assertThat(j.path("verdict").asText()).isEqualTo("neutral");
    assertThat(j.at("/owners/0/name").asText()).isEqualTo("globex");
    assertThat(j.at("/owners/0/best_merit_share").asDouble()).isEqualTo(0.75);
    assertThat(j.at("/counterfactual/holds").asBoolean()).isTrue();
    assertThat(j.at("/source/signed_tree_size").asLong()).isEqualTo(7);
    assertThat(j.at("/dispatch/0/owner").asText()).isEqualTo("acme");
  }
}
