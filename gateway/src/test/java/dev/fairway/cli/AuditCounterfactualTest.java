package dev.fairway.cli;

import static dev.fairway.neutrality.Records.cand;
import static dev.fairway.neutrality.Records.favour;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.neutrality.DecisionRecord;
import dev.fairway.neutrality.DecisionRecords;
import dev.fairway.neutrality.Records;
import dev.fairway.testing.Http;
import dev.fairway.transparency.ExportFormat;
import dev.fairway.transparency.Merkle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fairway audit counterfactual} and {@code report} on export files: exit 0 when every
 * decision replays, 1 naming the one that does not, 2 with one clear line when the log cannot be
 * read; leaves that are not decision records are skipped; {@code --from/--to} select by time.
 */
class AuditCounterfactualTest {
  static final long HOUR = 3_600_000L;

  @TempDir
  Path dir;

  /** Six routed decisions an hour apart from 2025-03-10T00:00Z, one named model, one non-decision leaf. */
  static List<DecisionRecord> day() {
    List<DecisionRecord> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      out.add(Records.routed("r" + i, Records.T0 + i * HOUR, null, List.of(cand("big", "acme", 0.9, 0.001 * i),
          cand("mid", "globex", 0.8, 0.001), cand("small", "initech", 0.5, 0.0001))));
    }
    out.add(Records.explicit("e", "big", "acme", List.of(), "big"));
    return out;
  }

  Path export(List<DecisionRecord> records) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(ExportFormat.header(new ExportFormat.Header("audit.test/log", "audit.test/log+00000000+AA==", 0)));
    long i = 0;
    for (DecisionRecord r : records) {
      byte[] c = DecisionRecords.canonical(r);
      lines.add(ExportFormat.leaf(new ExportFormat.Leaf(i++, r.id(), r.timeMs(), Merkle.leafHash(c), c)));
    }
    byte[] other = "{\"decision\":\"x\",\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    lines.add(ExportFormat.leaf(new ExportFormat.Leaf(i++, "x", Records.T0, Merkle.leafHash(other), other)));
    lines.add(ExportFormat.end(new ExportFormat.End(i, 0)));
    Path f = dir.resolve("log-" + System.nanoTime() + ".jsonl");
    Files.write(f, lines);
    return f;
  }

  @Test
  void anUntouchedLogHoldsWritesJsonAndSkipsLeavesThatAreNotDecisions() throws Exception {
    Path json = dir.resolve("cf.json");
    CliTest.Run r = CliTest.run("audit", "counterfactual", "--export", export(day()).toString(), "--json",
        json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("HOLDS (6 of 6 routed decisions reproduced; 36 of 36", "8 leaves (1 not decision"
        + " records, skipped)", "unchanged (must give the recorded order)             6          6          6  100.00%");
    JsonNode j = Http.JSON.readTree(Files.readString(json));
    assertThat(j.path("routed").asLong()).isEqualTo(6);
    assertThat(j.path("explicit").asLong()).isEqualTo(1);
  }

  @Test
  void anEditedDecisionExitsOneAndIsNamed() throws Exception {
    List<DecisionRecord> day = day();
    DecisionRecord r3 = day.get(3);
    List<String> swapped = new ArrayList<>(r3.route().order());
    java.util.Collections.swap(swapped, 0, 1);
    day.set(3, Records.withRoute(r3, Records.edited(r3.route(), swapped, false)));
    CliTest.Run r = CliTest.run("audit", "counterfactual", "--export", export(day).toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("FAILS (5 of 6", "NOT REPRODUCED r3: the replayed order differs");
  }

  @Test
  void fromAndToSelectDecisionsByTheirTime() throws Exception {
    CliTest.Run r = CliTest.run("audit", "counterfactual", "--export", export(day()).toString(), "--from",
        "2025-03-10T02:00:00Z", "--to", "2025-03-10T04:00:00Z");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 of 2 routed decisions reproduced", "5 records outside the window",
        "window: 2025-03-10T02:00:00Z to 2025-03-10T04:00:00Z");
  }

  @Test
  void theReportWritesHtmlAndJsonAndNamesAHousePolicy() throws Exception {
    List<DecisionRecord> day = day();
    day.add(Records.routed("p", Records.T0, favour("acme", 0.2), List.of(cand("big", "acme", 0.75, 0.001),
        cand("mid", "globex", 0.8, 0.001))));
    Path html = dir.resolve("r.html");
    Path json = dir.resolve("r.json");
    CliTest.Run r = CliTest.run("audit", "report", "--export", export(day).toString(), "--html", html.toString(),
        "--json", json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Merit-based with a declared house preference: all 7 routing decisions");
    assertThat(Files.readString(html)).contains("house(owners=acme, quality_bonus=0.2, price_discount=0.0)",
        "the export file " + dir);
    assertThat(Http.JSON.readTree(Files.readString(json)).at("/counterfactual/policy_effect/changed").asLong())
        .isEqualTo(1);
  }

  @Test
  void anUnreadableSourceOrABadTimeExitsTwoWithOneClearLine() throws Exception {
    CliTest.Run missing = CliTest.run("audit", "counterfactual", "--export", dir.resolve("nope.jsonl").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("fairway audit counterfactual: cannot read").doesNotContain("Exception", "\tat ");

    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, "{\"type\":\"header\"\n");
    CliTest.Run bad = CliTest.run("audit", "report", "--export", broken.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("fairway audit report: malformed export: line 1: not a JSON object\n");

    CliTest.Run when = CliTest.run("audit", "counterfactual", "--export", export(day()).toString(), "--from", "monday");
    assertThat(when.code()).isEqualTo(2);
    assertThat(when.err()).contains("--from: expected a date (YYYY-MM-DD, UTC)");

    CliTest.Run down = CliTest.run("audit", "counterfactual", "--url", "http://127.0.0.1:9");
    assertThat(down.code()).isEqualTo(2);
    assertThat(down.err()).contains("cannot reach the gateway at http://127.0.0.1:9");
  }
}
