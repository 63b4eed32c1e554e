package dev.fairway.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes an evaluation {@link Evaluation.Report} as a table, a JSON document, and SVG/PNG plots. */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /** The table {@code ./fairway eval} prints. */
  public static String table(Evaluation.Report r) {
    StringBuilder sb = new StringBuilder();
    Singles s = r.singles();
    sb.append(String.format(Locale.ROOT, "%s: %d training prompts, %d test prompts, %d models%n%n",
        r.mode().startsWith("cv") ? r.mode().substring(2) + "-fold cross-validation" : "train/test", r.trainPrompts(),
        r.testPrompts(), r.models().size()));
    int w = Math.max(30, s.models().stream().mapToInt(m -> m.model().length()).max().orElse(10) + 2);
    sb.append(String.format(Locale.ROOT, "%-" + w + "s %12s %9s%n", "single model", "cost/1k ($)", "quality"));
    s.models().stream().sorted((a, b) -> Double.compare(a.costPer1k(), b.costPer1k())).forEach(m ->
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %12.4f %9.4f%s%n", m.model(), m.costPer1k(), m.quality(),
            m == s.best() ? "   <- best single" : "")));
    sb.append(String.format(Locale.ROOT, "%-" + w + "s %12.4f %9.4f%n%n", "oracle (upper bound)", s.oracle().costPer1k(),
        s.oracle().quality()));
    sb.append(String.format(Locale.ROOT, "%-" + w + "s %7s %12s %12s %12s%n", "router", "AIQ", "cost@95/1k",
        "q@best-cost", "best-q at/1k"));
    sb.append(row("zero router (hull of singles)", r.zeroRouter(), s, w));
    for (Evaluation.RouterResult x : r.routers()) {
      sb.append(row(x.name() + (x.objective().startsWith("threshold") ? "" : "") , x.figures(), s, w));
    }
    sb.append(String.format(Locale.ROOT,
        "%ncost@95: cost per 1,000 prompts to reach 95%% of the best single model's quality (%.4f);%n"
            + "AIQ: mean quality over log-spaced costs %.4f..%.4f per 1k; q@best-cost: best quality at the best%n"
            + "single model's cost; best-q at: cost at which the best single model's quality is matched.%n",
        0.95 * s.best().quality(), s.cheapestCost(), s.best().costPer1k()));
    Evaluation.RouterResult auto = r.routers().get(0);
    sb.append(String.format(Locale.ROOT, "%s is the router model: \"auto\" uses: %s, chosen by the trainer's own "
        + "cross-validation.%n", Evaluation.AUTO, auto.predictor()));
    if (auto.defaultPoint() != null) {
      sb.append(String.format(Locale.ROOT, "At auto's default lambda (%s) it costs %.4f per 1k prompts for quality %.4f.%n",
          dev.fairway.routing.RoutingSettings.DEFAULT_LAMBDA, auto.defaultPoint()[0], auto.defaultPoint()[1]));
    }
    if (!r.stickiness().isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%nSticky conversations (auto at its default lambda; sessions are runs of one task"
          + " in file order;%nhistory = estimated re-sent history, billed at the cached share unless the model changed):%n"));
      sb.append(String.format(Locale.ROOT, "%5s %8s %7s %-9s %9s %11s %11s %11s %9s%n", "turns", "sessions", "cached",
          "policy", "quality", "cost/1k", "history/1k", "total/1k", "switches"));
      for (Stickiness.Figures f : r.stickiness()) {
        sb.append(stickyRow(f, "per-turn", f.perTurn()));
        sb.append(stickyRow(f, "sticky", f.sticky()));
      }
    }
    return sb.toString();
  }

  private static String stickyRow(Stickiness.Figures f, String name, Stickiness.Path p) {
    return String.format(Locale.ROOT, "%5d %8d %7.2f %-9s %9.4f %11.4f %11.4f %11.4f %9.2f%n", f.turns(), f.sessions(),
        f.cachedFraction(), name, p.quality(), p.costPer1k(), p.historyPer1k(), p.totalPer1k(), p.switchesPerSession());
  }

  private static String row(String name, Singles.Figures f, Singles s, int w) {
    return String.format(Locale.ROOT, "%-" + w + "s %7.4f %12s %12.4f %12s%n", name, f.aiq(), num(f.costAt95()),
        f.maxQualityAtBestCost(), num(f.costAtBestQuality()));
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "never" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** {@code {"best_single", "oracle", "zero_router", "singles", "routers": [...], "selection"}}. */
  public static void json(Evaluation.Report r, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("mode", r.mode());
    root.put("train_prompts", r.trainPrompts());
    root.put("test_prompts", r.testPrompts());
    Singles s = r.singles();
    root.set("best_single", single(s.best()));
    root.set("oracle", single(s.oracle()));
    ObjectNode zero = root.putObject("zero_router");
    figures(zero, r.zeroRouter());
    zero.set("curve", points(s.zeroRouter().hull()));
    ArrayNode singles = root.putArray("singles");
    s.models().forEach(m -> singles.add(single(m)));
    ArrayNode routers = root.putArray("routers");
    for (Evaluation.RouterResult x : r.routers()) {
      ObjectNode o = routers.addObject();
      o.put("name", x.name());
      o.put("predictor", x.predictor());
      o.put("objective", x.objective());
      figures(o, x.figures());
      o.set("curve", points(x.curve().hull()));
      o.set("points", points(x.curve().points()));
      if (x.defaultPoint() != null) {
        o.set("default_point", JSON.createArrayNode().add(x.defaultPoint()[0]).add(x.defaultPoint()[1]));
      }
    }
    ArrayNode sel = root.putArray("selection");
    for (Trainer.Selection t : r.selections()) {
      ObjectNode o = sel.addObject();
      o.put("chosen", t.chosen());
      o.put("k", t.k());
      o.put("cv_aiq_knn", t.knnAiq());
      o.put("l2", t.l2());
      o.put("cv_aiq_logistic", t.logisticAiq());
      o.put("lexical_k", t.lexicalK());
      o.put("cv_aiq_lexical", t.lexicalAiq());
      o.put("cv_aiq_hybrid", t.hybridAiq());
      ObjectNode byK = o.putObject("cv_aiq_by_k");
      t.aiqByK().forEach((k, v) -> byK.put(Integer.toString(k), v));
      ObjectNode byL2 = o.putObject("cv_aiq_by_l2");
      t.aiqByL2().forEach((k, v) -> byL2.put(Double.toString(k), v));
    }
    ArrayNode sticky = root.putArray("stickiness");
    for (Stickiness.Figures f : r.stickiness()) {
      ObjectNode o = sticky.addObject();
      o.put("turns", f.turns());
      o.put("sessions", f.sessions());
      o.put("cached_fraction", f.cachedFraction());
      o.put("share_of_later_turns_kept_off_the_per_turn_choice", f.keptShare());
      stickyPath(o.putObject("per_turn"), f.perTurn());
      stickyPath(o.putObject("sticky"), f.sticky());
    }
    Files.writeString(file, JSON.writeValueAsString(root));
  }

  private static void stickyPath(ObjectNode o, Stickiness.Path p) {
    o.put("quality", p.quality());
    o.put("cost_per_1k", p.costPer1k());
    o.put("history_per_1k_estimated", p.historyPer1k());
    o.put("total_per_1k", p.totalPer1k());
    o.put("switches_per_session", p.switchesPerSession());
  }

  private static ObjectNode single(Singles.Single m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("model", m.model());
    o.put("quality", m.quality());
    o.put("cost_per_1k", m.costPer1k());
    return o;
  }

  private static void figures(ObjectNode o, Singles.Figures f) {
    put(o, "cost_at_95_per_1k", f.costAt95());
    o.put("aiq", f.aiq());
    o.put("max_quality_at_best_cost", f.maxQualityAtBestCost());
    put(o, "cost_at_best_quality_per_1k", f.costAtBestQuality());
  }

  private static void put(ObjectNode o, String k, double v) {
    if (Double.isNaN(v)) {
      o.putNull(k);
    } else {
      o.put(k, v);
    }
  }

  private static ArrayNode points(List<double[]> pts) {
    ArrayNode a = JSON.createArrayNode();
    for (double[] p : pts) {
      a.addArray().add(p[0]).add(p[1]);
    }
    return a;
  }
}
