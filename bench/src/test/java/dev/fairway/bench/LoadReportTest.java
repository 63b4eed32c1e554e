package dev.fairway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The comparison's arithmetic, on histograms of known values. */
class LoadReportTest {

  private static LoadReport.Result constant(long micros, long cpu) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    h.recordValueWithCount(micros, 100);
    return new LoadReport.Result(h, 0, cpu, -1);
  }

  @Test
  void addedIsOverEachGatewaysOwnDirectReferenceAndTheDeltaIsFeaturedMinusBaseline() {
    Map<String, LoadReport.Result> r = new LinkedHashMap<>();
    r.put("direct", constant(100, -1));
    r.put("direct_embeddings", constant(300, -1));
    r.put("floor", constant(150, 50));
    r.put("baseline", constant(250, 150));
    r.put("featured", constant(420, 175));
    JsonNode row = LoadReport.stages(List.of(new LoadReport.Phase("concurrency 1", 0, r)),
        Map.of("floor", "direct", "baseline", "direct", "featured", "direct_embeddings")).withArray("scenarios").get(0);

    assertThat(row.at("/floor/added_p50_us").asLong()).isEqualTo(50);
    assertThat(row.at("/baseline/added_p50_us").asLong()).isEqualTo(150);
    assertThat(row.at("/featured/added_p99_us").asLong()).isEqualTo(120);
    assertThat(row.at("/featured_minus_baseline/added_p50_us").asLong()).isEqualTo(-30);
    assertThat(row.at("/featured_minus_baseline/cpu_us_per_request").asLong()).isEqualTo(25);
    assertThat(row.at("/vs_floor/baseline_added_p50").asDouble()).isEqualTo(3.0);
    assertThat(row.at("/vs_floor/featured_cpu_per_request").asDouble()).isEqualTo(3.5);
    assertThat(row.at("/direct/cpu_us_per_request").isMissingNode()).isTrue();
  }

  @Test
  void theDeltaWithoutJitLeavesOutWhatEachGatewaysCompilerThreadsSpent() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    h.recordValueWithCount(200, 100);
    Map<String, LoadReport.Result> r = new LinkedHashMap<>();
    r.put("direct", constant(100, -1));
    r.put("baseline", new LoadReport.Result(h, 0, 150, 4, -1));
    r.put("featured", new LoadReport.Result(h, 0, 190, 30, -1));
    JsonNode row = LoadReport.stages(List.of(new LoadReport.Phase("concurrency 1", 0, r)),
        Map.of("baseline", "direct", "featured", "direct")).withArray("scenarios").get(0);

    assertThat(row.at("/featured_minus_baseline/cpu_us_per_request").asLong()).isEqualTo(40);
    assertThat(row.at("/featured/cpu_us_per_request_without_jit").asLong()).isEqualTo(160);
    assertThat(row.at("/featured_minus_baseline/cpu_us_per_request_without_jit").asLong()).isEqualTo(14);
  }

  @Test
  void repeatedConcurrencyOnePhasesAreSummarisedByTheMedianOfEachDifference() {
    List<LoadReport.Phase> phases = new java.util.ArrayList<>();
    long[] featuredCpu = {190, 170, 230};
    for (int i = 0; i < 3; i++) {
      Map<String, LoadReport.Result> r = new LinkedHashMap<>();
      r.put("direct", constant(100, -1));
      r.put("baseline", constant(250, 150));
      r.put("featured", constant(260 + 10 * i, featuredCpu[i]));
      phases.add(new LoadReport.Phase("concurrency 1 (" + (i + 1) + "/3)", 0, r));
    }
    Map<String, LoadReport.Result> open = new LinkedHashMap<>();
    open.put("direct", constant(100, -1));
    open.put("baseline", constant(250, 150));
    open.put("featured", constant(900, 900));
    phases.add(new LoadReport.Phase("1000 req/s", 1000, open));
    com.fasterxml.jackson.databind.node.ObjectNode out = LoadReport.stages(phases,
        Map.of("baseline", "direct", "featured", "direct"));

    LoadReport.medians(out);

    assertThat(out.at("/concurrency_1_median/phases").asInt()).isEqualTo(3);
    assertThat(out.at("/concurrency_1_median/cpu_us_per_request").asLong()).isEqualTo(40);
    assertThat(out.at("/concurrency_1_median/added_p50_us").asLong()).isEqualTo(20);
  }

  @Test
  void forksAreSummarisedByTheMedianOfEachRunsDifferenceAtConcurrencyOneAndAtEachRate() {
    List<com.fasterxml.jackson.databind.node.ObjectNode> runs = new java.util.ArrayList<>();
    long[] c1Cpu = {160, 190, 175}; // featured CPU per run; the baseline's is 150
    long[] openCpu = {400, 300, 350};
    for (int f = 0; f < 3; f++) {
      List<LoadReport.Phase> phases = new java.util.ArrayList<>();
      for (int i = 0; i < (f == 1 ? 1 : 2); i++) { // one run measured concurrency 1 once, the others twice
        Map<String, LoadReport.Result> r = new LinkedHashMap<>();
        r.put("direct", constant(100, -1));
        r.put("baseline", constant(250, 150));
        r.put("featured", constant(260 + 10 * f, c1Cpu[f]));
        phases.add(new LoadReport.Phase("concurrency 1", 0, r));
      }
      Map<String, LoadReport.Result> open = new LinkedHashMap<>();
      open.put("direct", constant(100, -1));
      open.put("baseline", constant(250, 250));
      open.put("featured", constant(300, openCpu[f]));
      phases.add(new LoadReport.Phase("1000 req/s", 1000, open));
      com.fasterxml.jackson.databind.node.ObjectNode out = LoadReport.stages(phases,
          Map.of("baseline", "direct", "featured", "direct"));
      LoadReport.medians(out);
      runs.add(out);
    }

    JsonNode all = LoadReport.acrossForks(runs);

    assertThat(all.path("forks").asInt()).isEqualTo(3);
    JsonNode table = all.get("across_forks");
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.get(0).path("scenario").asText()).isEqualTo("concurrency 1");
    assertThat(table.get(1).path("scenario").asText()).isEqualTo("1000 req/s");
    JsonNode c1 = table.get(0);
    assertThat(c1.path("cpu_us_per_request").asLong()).isEqualTo(25);
    assertThat(c1.path("added_p50_us").asLong()).isEqualTo(20);
    JsonNode open = table.get(1);
    assertThat(open.path("cpu_us_per_request").asLong()).isEqualTo(100);
    assertThat(all.get("runs").size()).isEqualTo(3);
  }

  @Test
  void processCpuReadsThisProcessAndItsCompilerThreads() {
    ProcessCpu now = ProcessCpu.read(ProcessHandle.current().pid());

    assertThat(now.totalMicros()).isPositive();
    assertThat(now.jitMicros()).isNotEmpty(); // HotSpot names them C1/C2 CompilerThread<N>
    assertThat(ProcessCpu.read(ProcessHandle.current().pid()).jitSince(now)).isNotNegative();
  }

  @Test
  void theDeltaByThreadIsPerGroupAndItsMedianIsTakenOverTheConcurrencyOnePhases() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    h.recordValueWithCount(200, 100);
    List<LoadReport.Phase> phases = new java.util.ArrayList<>();
    double[] writer = {3.0, 9.0, 4.0};
    for (int i = 0; i < 3; i++) {
      Map<String, LoadReport.Result> r = new LinkedHashMap<>();
      r.put("direct", constant(100, -1));
      r.put("baseline", new LoadReport.Result(h, 0, 150, 4, -1, Map.of("event_loop", 100.0, "outbox_writer", 0.0)));
      r.put("featured", new LoadReport.Result(h, 0, 170, 4, -1,
          Map.of("event_loop", 110.0 + i, "outbox_writer", writer[i])));
      phases.add(new LoadReport.Phase("concurrency 1 (" + (i + 1) + "/3)", 0, r));
    }
    com.fasterxml.jackson.databind.node.ObjectNode out = LoadReport.stages(phases,
        Map.of("baseline", "direct", "featured", "direct"));
    LoadReport.medians(out);

    assertThat(out.at("/scenarios/1/featured_minus_baseline/cpu_us_by_thread/event_loop").asDouble()).isEqualTo(11.0);
    assertThat(out.at("/scenarios/1/featured_minus_baseline/cpu_us_by_thread/outbox_writer").asDouble()).isEqualTo(9.0);
    assertThat(out.at("/concurrency_1_median/cpu_us_by_thread/outbox_writer").asDouble()).isEqualTo(4.0);
    assertThat(out.at("/concurrency_1_median/cpu_us_by_thread/event_loop").asDouble()).isEqualTo(11.0);
  }

  @Test
  void threadsAreGroupedByTheirNamesAndEachLiveThreadsRunTimeIsRead() {
    assertThat(ProcessCpu.group("vert.x-eventloo")).isEqualTo("event_loop");
    assertThat(ProcessCpu.group("fairway-outbox-")).isEqualTo("outbox_writer");
    assertThat(ProcessCpu.group("GC Thread#1")).isEqualTo("gc");
    assertThat(ProcessCpu.group("G1 Refine#0")).isEqualTo("gc");
    assertThat(ProcessCpu.group("C2 CompilerThre")).isEqualTo("jit");
    assertThat(ProcessCpu.group("vert.x-worker-t")).isEqualTo("other");

    ProcessCpu before = ProcessCpu.read(ProcessHandle.current().pid());
    Map<String, Long> since = ProcessCpu.read(ProcessHandle.current().pid()).byGroupSince(before);

    assertThat(before.threads()).isNotEmpty();
    assertThat(since.keySet()).containsExactlyElementsOf(ProcessCpu.GROUPS);
    assertThat(since.values()).allMatch(v -> v >= 0);
  }
}
