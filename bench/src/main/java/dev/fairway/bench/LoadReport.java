package dev.fairway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The load harness's figures, from what each target did in each phase: JSON and the tables printed
 * after a run. Pure (no processes, no clocks), so the arithmetic (added = target minus its direct
 * reference at the same percentile; featured minus baseline; ratios to the hop floor) is tested on
 * its own.
 */
final class LoadReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double[] QUANTILES = {50, 90, 99, 99.9};

  private LoadReport() {}

  /**
   * What one target did in one phase.
   *
   * @param latency a copy of its histogram, microseconds
   * @param cpuUsPerRequest CPU time of its process (all threads, user + system) over the phase per
   *     request it was sent; -1 when not measured
   * @param jitUsPerRequest the part of it spent by the JIT compiler threads (compilation still
   *     going on after the warm-up: a one-off, not a per-request cost); -1 when not measured
   * @param rssMbPeak its process's highest RSS during the phase, MB; -1 when not measured
   * @param cpuUsByThread run time per request of its live threads by group ({@link ProcessCpu#GROUPS},
   *     from {@code schedstat}, nanosecond resolution); empty when not measured
   */
  record Result(Histogram latency, long errors, long cpuUsPerRequest, long jitUsPerRequest, long rssMbPeak,
      Map<String, Double> cpuUsByThread) {
    Result {
      cpuUsByThread = cpuUsByThread == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cpuUsByThread));
    }

    Result(Histogram latency, long errors, long cpuUsPerRequest, long jitUsPerRequest, long rssMbPeak) {
      this(latency, errors, cpuUsPerRequest, jitUsPerRequest, rssMbPeak, null);
    }

    Result(Histogram latency, long errors, long cpuUsPerRequest, long rssMbPeak) {
      this(latency, errors, cpuUsPerRequest, -1, rssMbPeak);
    }

    long requests() {
      return latency.getTotalCount();
    }

    long at(double q) {
      return latency.getValueAtPercentile(q);
    }
  }

  /** One phase: concurrency 1 ({@code rate} 0) or one open-loop rate; results by target name, in rotation order. */
  record Phase(String scenario, int rate, Map<String, Result> results) {
    Phase {
      results = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    Result get(String name) {
      return results.get(name);
    }
  }

  static String key(double q) {
    return q == 99.9 ? "p999" : "p" + (int) q;
  }

  // ------------------------------------------------------------------ one gateway (no stage flags)

  /**
   * The single-gateway report, field for field as the harness wrote it before stage flags:
   * targets {@code direct}, {@code floor} (concurrency 1 only) and {@code gateway}.
   */
  static ObjectNode single(List<Phase> phases, long rssIdle, long rssAfter) {
    ObjectNode out = JSON.createObjectNode();
    out.put("rss_mb_idle", rssIdle);
    Phase c1 = phases.get(0);
    out.put("gateway_cpu_us_per_request", c1.get("gateway").cpuUsPerRequest());
    out.put("floor_cpu_us_per_request", c1.get("floor").cpuUsPerRequest());
    var rows = out.putArray("scenarios");
    long rssMax = 0;
    for (Phase p : phases) {
      Result direct = p.get("direct");
      Result floor = p.get("floor");
      Result gateway = p.get("gateway");
      ObjectNode r = rows.addObject();
      r.put("scenario", p.scenario());
      r.put("rate_per_target", p.rate());
      r.put("requests_per_target", gateway.requests());
      r.put("errors", direct.errors() + (floor == null ? 0 : floor.errors()) + gateway.errors());
      for (double q : QUANTILES) {
        String k = key(q);
        long d = direct.at(q);
        long g = gateway.at(q);
        r.put("direct_" + k + "_us", d);
        if (floor != null) {
          r.put("floor_" + k + "_us", floor.at(q));
          r.put("floor_added_" + k + "_us", floor.at(q) - d);
        }
        r.put("gateway_" + k + "_us", g);
        r.put("added_" + k + "_us", g - d);
        r.put("ratio_" + k, ratio(g, d));
      }
      if (p.rate() > 0) {
        r.put("rss_mb_peak", gateway.rssMbPeak());
        rssMax = Math.max(rssMax, gateway.rssMbPeak());
      }
    }
    out.put("rss_mb_steady_max", rssMax);
    out.put("rss_mb_after", rssAfter);
    return out;
  }

  static void printSingle(ObjectNode out) {
    System.out.println();
    System.out.println("Added = target minus direct at the same percentile. The hop floor is a pass-through Vert.x"
        + " proxy (bench floor) on the same stack: what any extra HTTP hop costs on this machine.");
    System.out.println();
    System.out.println("| scenario | direct p50 | floor added p50 | gateway added p50 | direct p99 | floor added p99"
        + " | gateway added p99 | errors |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (JsonNode r : out.withArray("scenarios")) {
      System.out.printf(Locale.ROOT, "| %s | %d µs | %s | **%d µs** | %d µs | %s | **%d µs** | %d |%n",
          r.get("scenario").asText(), r.get("direct_p50_us").asLong(), cell(r, "floor_added_p50_us"),
          r.get("added_p50_us").asLong(), r.get("direct_p99_us").asLong(), cell(r, "floor_added_p99_us"),
          r.get("added_p99_us").asLong(), r.get("errors").asLong());
    }
    System.out.printf("CPU per request at concurrency 1 (all threads, user + system): gateway %d µs, hop floor %d µs.%n",
        out.get("gateway_cpu_us_per_request").asLong(), out.get("floor_cpu_us_per_request").asLong());
    StringBuilder perRate = new StringBuilder();
    for (JsonNode r : out.withArray("scenarios")) {
      if (r.has("rss_mb_peak")) {
        perRate.append(", ").append(r.get("rss_mb_peak").asLong()).append(" MB peak at ").append(r.get("scenario").asText());
      }
    }
    System.out.printf("Gateway RSS: %d MB idle after warm-up%s, %d MB after.%n",
        out.get("rss_mb_idle").asLong(), perRate, out.get("rss_mb_after").asLong());
  }

  // ------------------------------------------------------------------ baseline vs featured

  /**
   * The stage comparison: per phase, each target's percentiles; for the floor and each gateway
   * what it adds over its direct reference ({@code directOf}: the mock called directly with the
   * same upstream request), its CPU per request and (open loop) peak RSS; featured minus
   * baseline; and, where the floor ran, each gateway's added latency and CPU as multiples of the
   * floor's.
   */
  static ObjectNode stages(List<Phase> phases, Map<String, String> directOf) {
    ObjectNode out = JSON.createObjectNode();
    var rows = out.putArray("scenarios");
    for (Phase p : phases) {
      ObjectNode r = rows.addObject();
      r.put("scenario", p.scenario());
      r.put("rate_per_target", p.rate());
      r.put("requests_per_target", p.get("featured").requests());
      r.put("errors", p.results().values().stream().mapToLong(Result::errors).sum());
      for (var e : p.results().entrySet()) {
        String reference = directOf.get(e.getKey());
        figures(r.putObject(e.getKey()), e.getValue(), reference == null ? null : p.get(reference), reference);
      }
      ObjectNode delta = r.putObject("featured_minus_baseline");
      JsonNode b = r.get("baseline");
      JsonNode f = r.get("featured");
      for (double q : QUANTILES) {
        String k = "added_" + key(q) + "_us";
        delta.put(k, f.get(k).asLong() - b.get(k).asLong());
      }
      delta.put("cpu_us_per_request", f.get("cpu_us_per_request").asLong() - b.get("cpu_us_per_request").asLong());
      if (f.has("cpu_us_per_request_without_jit") && b.has("cpu_us_per_request_without_jit")) {
        delta.put("cpu_us_per_request_without_jit", f.get("cpu_us_per_request_without_jit").asLong()
            - b.get("cpu_us_per_request_without_jit").asLong());
      }
      if (f.has("cpu_us_by_thread") && b.has("cpu_us_by_thread")) {
        ObjectNode t = delta.putObject("cpu_us_by_thread");
        f.get("cpu_us_by_thread").fieldNames().forEachRemaining(g -> t.put(g,
            round1(f.get("cpu_us_by_thread").get(g).asDouble() - b.get("cpu_us_by_thread").path(g).asDouble())));
      }
      if (r.has("floor")) {
        JsonNode fl = r.get("floor");
        ObjectNode vs = r.putObject("vs_floor");
        for (String g : List.of("baseline", "featured")) {
          for (String k : List.of("added_p50_us", "added_p99_us", "cpu_us_per_request")) {
            vs.put(g + "_" + k.replace("_us", ""), ratio(r.get(g).get(k).asLong(), fl.get(k).asLong()));
          }
        }
      }
    }
    return out;
  }

  /**
   * With the concurrency-1 phase measured more than once ({@code --repeat}): the median of each
   * featured-minus-baseline figure over those phases, as {@code concurrency_1_median}. One phase's
   * difference swings by 5 to 15 µs of CPU here from run to run; the median of several, taken in
   * one run, is the figure to quote.
   */
  static void medians(ObjectNode out) {
    List<JsonNode> c1 = new java.util.ArrayList<>();
    for (JsonNode r : out.withArray("scenarios")) {
      if (r.path("rate_per_target").asInt() == 0) {
        c1.add(r.get("featured_minus_baseline"));
      }
    }
    if (c1.size() < 2) {
      return;
    }
    ObjectNode m = out.putObject("concurrency_1_median");
    m.put("phases", c1.size());
    for (String k : List.of("added_p50_us", "added_p99_us", "cpu_us_per_request", "cpu_us_per_request_without_jit")) {
      long[] v = c1.stream().filter(d -> d.has(k)).mapToLong(d -> d.get(k).asLong()).sorted().toArray();
      if (v.length == c1.size()) {
        m.put(k, v.length % 2 == 1 ? v[v.length / 2] : Math.round((v[v.length / 2 - 1] + v[v.length / 2]) / 2.0));
        m.putPOJO(k + "_all", v);
      }
    }
    if (c1.stream().allMatch(d -> d.has("cpu_us_by_thread"))) {
      ObjectNode t = m.putObject("cpu_us_by_thread");
      c1.get(0).get("cpu_us_by_thread").fieldNames().forEachRemaining(g -> {
        double[] v = c1.stream().mapToDouble(d -> d.get("cpu_us_by_thread").path(g).asDouble()).sorted().toArray();
        t.put(g, round1(v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2));
      });
    }
  }

  /** The differences compared across forks: concurrency 1 (its median over phases), then each rate. */
  private static final List<String> FORK_FIELDS = List.of("cpu_us_per_request_without_jit", "cpu_us_per_request",
      "added_p50_us", "added_p99_us");

  /**
   * The median across runs ({@code --forks}, each with fresh gateways) of each run's featured-minus-
   * baseline difference: at concurrency 1 the run's median over its phases (or its one phase), at
   * each rate that rate's phase. Each row also keeps every run's value ({@code _all}).
   */
  static ObjectNode acrossForks(List<ObjectNode> runs) {
    Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
    for (ObjectNode run : runs) {
      JsonNode c1 = run.get("concurrency_1_median");
      if (c1 != null) {
        rows.computeIfAbsent("concurrency 1", k -> new java.util.ArrayList<>()).add(c1);
      }
      for (JsonNode r : run.withArray("scenarios")) {
        int rate = r.path("rate_per_target").asInt();
        if (rate == 0 && c1 != null) {
          continue;
        }
        rows.computeIfAbsent(rate == 0 ? "concurrency 1" : rate + " req/s", k -> new java.util.ArrayList<>())
            .add(r.get("featured_minus_baseline"));
      }
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("forks", runs.size());
    ArrayNode table = out.putArray("across_forks");
    rows.forEach((scenario, ds) -> {
      ObjectNode m = table.addObject();
      m.put("scenario", scenario);
      for (String k : FORK_FIELDS) {
        long[] v = ds.stream().filter(d -> d.has(k)).mapToLong(d -> d.get(k).asLong()).sorted().toArray();
        if (v.length == ds.size()) {
          m.put(k, v.length % 2 == 1 ? v[v.length / 2] : Math.round((v[v.length / 2 - 1] + v[v.length / 2]) / 2.0));
          m.putPOJO(k + "_all", v);
        }
      }
      if (ds.stream().allMatch(d -> d.has("cpu_us_by_thread"))) {
        ObjectNode t = m.putObject("cpu_us_by_thread");
        ds.get(0).get("cpu_us_by_thread").fieldNames().forEachRemaining(g -> {
          double[] v = ds.stream().mapToDouble(d -> d.get("cpu_us_by_thread").path(g).asDouble()).sorted().toArray();
          t.put(g, round1(v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2));
        });
      }
    });
    ArrayNode each = out.putArray("runs");
    runs.forEach(each::add);
    return out;
  }

  static void printForks(ObjectNode out) {
    System.out.println("Median across " + out.path("forks").asInt() + " runs with fresh gateways (each run's own"
        + " value in brackets; at concurrency 1 each run's median over its phases):");
    System.out.println();
    System.out.println("| scenario | Δ CPU without JIT | Δ CPU | Δ p50 | Δ p99 | event_loop | outbox_writer | gc | other |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (JsonNode m : out.withArray("across_forks")) {
      StringBuilder row = new StringBuilder("| ").append(m.path("scenario").asText());
      for (String k : FORK_FIELDS) {
        row.append(" | ").append(m.has(k) ? String.format(Locale.ROOT, "**%+d µs** %s", m.get(k).asLong(),
            m.get(k + "_all")) : "–");
      }
      JsonNode t = m.path("cpu_us_by_thread");
      for (String g : List.of("event_loop", "outbox_writer", "gc", "other")) {
        row.append(" | ").append(t.has(g) ? String.format(Locale.ROOT, "%+.1f µs", t.get(g).asDouble()) : "–");
      }
      System.out.println(row.append(" |"));
    }
  }

  private static void figures(ObjectNode o, Result t, Result direct, String reference) {
    for (double q : QUANTILES) {
      o.put(key(q) + "_us", t.at(q));
    }
    if (direct != null) {
      o.put("direct", reference);
      for (double q : QUANTILES) {
        o.put("added_" + key(q) + "_us", t.at(q) - direct.at(q));
      }
    }
    o.put("errors", t.errors());
    if (t.cpuUsPerRequest() >= 0) {
      o.put("cpu_us_per_request", t.cpuUsPerRequest());
      if (t.jitUsPerRequest() >= 0) {
        o.put("jit_cpu_us_per_request", t.jitUsPerRequest());
        o.put("cpu_us_per_request_without_jit", t.cpuUsPerRequest() - t.jitUsPerRequest());
      }
    }
    if (!t.cpuUsByThread().isEmpty()) {
      ObjectNode g = o.putObject("cpu_us_by_thread");
      t.cpuUsByThread().forEach((k, v) -> g.put(k, round1(v)));
    }
    if (t.rssMbPeak() >= 0) {
      o.put("rss_mb_peak", t.rssMbPeak());
    }
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static void printStages(ObjectNode out) {
    System.out.println();
    System.out.println("baseline: " + out.at("/baseline/describe").asText());
    System.out.println("featured: " + out.at("/featured/describe").asText());
    System.out.println("Added = gateway minus the mock called directly with the same upstream request, at the same"
        + " percentile; Δ = featured minus baseline. Load average " + out.path("load_average_before").asText()
        + " before, " + out.path("load_average_after").asText() + " after.");
    System.out.println();
    System.out.println("| scenario | direct p50 | floor added p50 | baseline added p50 | featured added p50 | Δ p50"
        + " | direct p99 | baseline added p99 | featured added p99 | Δ p99 | errors |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (JsonNode r : out.withArray("scenarios")) {
      JsonNode d = r.get("featured_minus_baseline");
      System.out.printf(Locale.ROOT, "| %s | %d µs | %s | %d µs | %d µs | **%+d µs** | %d µs | %d µs | %d µs | **%+d µs** | %d |%n",
          r.get("scenario").asText(), r.at("/direct/p50_us").asLong(), cell(r.path("floor"), "added_p50_us"),
          r.at("/baseline/added_p50_us").asLong(), r.at("/featured/added_p50_us").asLong(), d.get("added_p50_us").asLong(),
          r.at("/direct/p99_us").asLong(), r.at("/baseline/added_p99_us").asLong(),
          r.at("/featured/added_p99_us").asLong(), d.get("added_p99_us").asLong(), r.get("errors").asLong());
    }
    System.out.println();
    System.out.println("CPU per request (process CPU over the phase, all threads, user + system, / requests sent to it;"
        + " JIT = of which the JIT compiler threads, compilation still going on after the warm-up):");
    System.out.println();
    System.out.println("| scenario | hop floor | baseline (JIT) | featured (JIT) | Δ | Δ without JIT | baseline RSS peak"
        + " | featured RSS peak |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (JsonNode r : out.withArray("scenarios")) {
      System.out.printf(Locale.ROOT, "| %s | %s | %d µs (%s) | %d µs (%s) | **%+d µs** | %s | %s | %s |%n",
          r.get("scenario").asText(), cell(r.path("floor"), "cpu_us_per_request"),
          r.at("/baseline/cpu_us_per_request").asLong(), cell(r.path("baseline"), "jit_cpu_us_per_request"),
          r.at("/featured/cpu_us_per_request").asLong(), cell(r.path("featured"), "jit_cpu_us_per_request"),
          r.at("/featured_minus_baseline/cpu_us_per_request").asLong(),
          signed(r.path("featured_minus_baseline"), "cpu_us_per_request_without_jit"),
          mb(r.path("baseline")), mb(r.path("featured")));
    }
    JsonNode med = out.path("concurrency_1_median");
    if (!med.isMissingNode()) {
      System.out.printf(Locale.ROOT, "%nMedian over the %d concurrency-1 phases: Δ CPU %+d µs (each: %s), without JIT"
          + " %s, Δ p50 %+d µs (each: %s), Δ p99 %+d µs.%n", med.get("phases").asInt(),
          med.get("cpu_us_per_request").asLong(), med.get("cpu_us_per_request_all"),
          med.has("cpu_us_per_request_without_jit") ? String.format(Locale.ROOT, "%+d µs (each: %s)",
              med.get("cpu_us_per_request_without_jit").asLong(), med.get("cpu_us_per_request_without_jit_all")) : "–",
          med.get("added_p50_us").asLong(), med.get("added_p50_us_all"), med.get("added_p99_us").asLong());
    }
    printByThread(out);
    JsonNode c1 = out.withArray("scenarios").get(0).path("vs_floor");
    if (!c1.isMissingNode()) {
      System.out.printf(Locale.ROOT, "%nAgainst the hop floor at concurrency 1 (multiples of what the floor adds):"
          + " baseline p50 %.2f×, p99 %.2f×, CPU %.2f×; featured p50 %.2f×, p99 %.2f×, CPU %.2f×.%n",
          c1.get("baseline_added_p50").asDouble(), c1.get("baseline_added_p99").asDouble(),
          c1.get("baseline_cpu_per_request").asDouble(), c1.get("featured_added_p50").asDouble(),
          c1.get("featured_added_p99").asDouble(), c1.get("featured_cpu_per_request").asDouble());
    }
  }

  /** Δ CPU per request put on the threads that spent it (run time from schedstat, live threads only). */
  private static void printByThread(ObjectNode out) {
    List<JsonNode> rows = new java.util.ArrayList<>();
    for (JsonNode r : out.withArray("scenarios")) {
      if (r.path("featured_minus_baseline").has("cpu_us_by_thread")) {
        rows.add(r);
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println("Δ CPU per request by thread (run time of the live threads, from schedstat; featured minus"
        + " baseline):");
    System.out.println();
    System.out.println("| scenario | " + String.join(" | ", ProcessCpu.GROUPS) + " |");
    System.out.println("|---|" + "---|".repeat(ProcessCpu.GROUPS.size()));
    for (JsonNode r : rows) {
      System.out.println("| " + r.get("scenario").asText() + " | " + byThreadCells(r.at("/featured_minus_baseline/cpu_us_by_thread")) + " |");
    }
    JsonNode med = out.path("concurrency_1_median").path("cpu_us_by_thread");
    if (!med.isMissingNode()) {
      System.out.println("| median of the concurrency-1 phases | " + byThreadCells(med) + " |");
    }
  }

  private static String byThreadCells(JsonNode d) {
    List<String> cells = new java.util.ArrayList<>();
    for (String g : ProcessCpu.GROUPS) {
      cells.add(d.has(g) ? String.format(Locale.ROOT, "%+.1f µs", d.get(g).asDouble()) : "–");
    }
    return String.join(" | ", cells);
  }

  private static String mb(JsonNode gateway) {
    return gateway.has("rss_mb_peak") ? gateway.get("rss_mb_peak").asLong() + " MB" : "–";
  }

  private static String signed(JsonNode r, String field) {
    return r.has(field) ? String.format(Locale.ROOT, "%+d µs", r.get(field).asLong()) : "–";
  }

  private static String cell(JsonNode r, String field) {
    return r.has(field) ? r.get(field).asLong() + " µs" : "–";
  }

  static double ratio(long a, long b) {
    return b == 0 ? 0 : Math.round(100.0 * a / b) / 100.0;
  }
}
