package dev.fairway.neutrality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fairway.api.GatewayError;
import dev.fairway.catalog.Capabilities;
import dev.fairway.pipeline.AttemptRecord;
import dev.fairway.pipeline.Finished;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.pipeline.Served;
import dev.fairway.routing.Explanation;
import dev.fairway.routing.HousePolicy;
import dev.fairway.routing.Merit;
import dev.fairway.routing.Objective;
import dev.fairway.routing.RouteCandidate;
import dev.fairway.routing.RouteDecision;
import dev.fairway.routing.RouteInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a request's {@link DecisionRecord} from what the pipeline recorded, encodes it to its
 * canonical bytes (JSON, keys sorted, no whitespace, nulls omitted, numbers in Java's shortest
 * round-tripping form, so the same record always hashes the same), parses it back, and turns a
 * logged route into the inputs {@link dev.fairway.routing.RouteOrder} replays.
 */
public final class DecisionRecords {
  private DecisionRecords() {}

  static final ObjectMapper CANONICAL = blackbird(JsonMapper.builder())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(SerializationFeature.INDENT_OUTPUT)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();
  private static final com.fasterxml.jackson.databind.ObjectWriter CANONICAL_WRITER =
      CANONICAL.writerFor(DecisionRecord.class);

  /** Generated accessors instead of reflection, as the wire mappers have; the bytes are the same. */
  private static JsonMapper.Builder blackbird(JsonMapper.Builder b) {
    if (!"false".equals(System.getProperty("fairway.json.blackbird"))) {
      b.addModule(new com.fasterxml.jackson.module.blackbird.BlackbirdModule());
    }
    return b;
  }

  /** The record of a finished request. */
  public static DecisionRecord of(RequestContext ctx, Finished f, PromptDigest digest, String configHash,
      String routerModelHash) {
    RouteDecision d = ctx.decision();
    DecisionRecord.Route route = d == null ? null : route(d);
    List<DecisionRecord.AttemptEntry> attempts = new ArrayList<>();
    for (AttemptRecord a : ctx.attempts()) {
      GatewayError e = a.error();
      attempts.add(new DecisionRecord.AttemptEntry(a.attempt().number(), a.attempt().model().id(),
          a.attempt().deployment().id(), e == null ? "ok" : e.kind().name().toLowerCase(Locale.ROOT),
          e == null ? null : e.wireCode(), a.nanos() / 1_000_000));
    }
    for (RequestContext.Skip s : ctx.skipped()) {
      attempts.add(new DecisionRecord.AttemptEntry(0, s.model(), null, "skipped", s.reason(), 0));
    }
    Served served = f.outcome() == null ? null : f.outcome().served();
    DecisionRecord.Served who = served == null ? null : new DecisionRecord.Served(served.model().id(),
        served.deployment() == null ? null : served.deployment().id(),
        served.provider() == null ? null : served.provider().id());
    return new DecisionRecord(DecisionRecord.VERSION, ctx.id(), ctx.startMillis(), ctx.endpoint().label(),
        ctx.tenant() == null ? null : ctx.tenant().keyId(), ctx.tenant() == null ? null : ctx.tenant().teamId(),
        ctx.requestedModel(), digest == null ? null : digest.of(ctx.request()),
        configHash, routerModelHash, route, attempts, fallbacks(route, attempts, who), who,
        new DecisionRecord.Result(f.httpStatus(), f.result().name().toLowerCase(Locale.ROOT),
            f.error() == null ? null : f.error().wireCode() != null ? f.error().wireCode()
                : f.error().kind().name().toLowerCase(Locale.ROOT)));
  }

  private static DecisionRecord.Route route(RouteDecision d) {
    List<String> order = d.candidates().stream().map(c -> c.model().id()).toList();
    String reason = d.candidates().isEmpty() ? null : d.chosen().reason();
    List<DecisionRecord.Dropped> dropped = new ArrayList<>();
    for (String s : d.dropped()) {
      int i = s.indexOf(": ");
      dropped.add(i < 0 ? new DecisionRecord.Dropped(s, null) : new DecisionRecord.Dropped(s.substring(0, i),
          s.substring(i + 2)));
    }
    RouteInputs in = d.inputs();
    if (in == null) {
      List<DecisionRecord.Candidate> named = new ArrayList<>();
      for (RouteCandidate c : d.candidates()) {
        named.add(new DecisionRecord.Candidate(c.model().id(), c.model().owner(), null, null, null, null));
      }
      return new DecisionRecord.Route(d.router(), true, null, null, 0, null, false, null, named, dropped, order,
          reason);
    }
    List<DecisionRecord.Candidate> cands = new ArrayList<>(in.candidates().size());
    for (RouteInputs.Candidate c : in.candidates()) {
      Merit m = c.merit();
      cands.add(new DecisionRecord.Candidate(c.model(), c.owner(), m.quality(), m.fromData() ? "data" : "prior",
          m.costUsd(), Double.isNaN(m.ttftMs()) ? null : m.ttftMs()));
    }
    Explanation ex = d.explanation();
    HousePolicy p = in.policy();
    return new DecisionRecord.Route(d.router(), false, ex == null ? null : ex.task(), objective(in.objective()),
        in.maxTtftMs(), p.enabled() ? new DecisionRecord.Policy(p.owners(), p.qualityBonus(), p.priceDiscount()) : null,
        d.policyChanged(), in.sticky(), cands, dropped, order, reason);
  }

  /**
   * Why each candidate before the one that served did not serve: its attempts' last failure, or
   * why dispatch passed it over. Built so that a served model other than the first in the order
   * always carries a reason; a missing one is named {@code unexplained}, which the audit reports.
   */
  private static List<DecisionRecord.Fallback> fallbacks(DecisionRecord.Route route,
      List<DecisionRecord.AttemptEntry> attempts, DecisionRecord.Served served) {
    if (route == null || served == null) {
      return List.of();
    }
    List<DecisionRecord.Fallback> out = new ArrayList<>();
    for (String model : route.order()) {
      if (model.equals(served.model())) {
        return out;
      }
      String why = null;
      for (DecisionRecord.AttemptEntry a : attempts) {
        if (a.model().equals(model) && !"ok".equals(a.outcome())) {
          why = a.outcome() + (a.reason() == null ? "" : " (" + a.reason() + ")");
        }
      }
      out.add(new DecisionRecord.Fallback(model, why == null ? "unexplained" : why));
    }
    // served by a model outside the route's order: impossible unless a cache answered for another
    out.add(new DecisionRecord.Fallback(served.model(), "unexplained: not in the route's order"));
    return out;
  }

  static DecisionRecord.Objective objective(Objective o) {
    return switch (o) {
      case Objective.Threshold t -> new DecisionRecord.Objective("threshold", t.delta(), null, null);
      case Objective.Utility u -> new DecisionRecord.Objective("utility", null,
          u.lambda() == Double.POSITIVE_INFINITY ? null : u.lambda(), u.mu());
      case Objective.Declared x -> new DecisionRecord.Objective("declared", null, null, null);
    };
  }

  static Objective objective(DecisionRecord.Objective o) {
    return switch (o.type()) {
      case "threshold" -> new Objective.Threshold(o.delta());
      case "utility" -> new Objective.Utility(o.lambda() == null ? Double.POSITIVE_INFINITY : o.lambda(), o.mu());
      case "declared" -> new Objective.Declared();
      default -> throw new IllegalArgumentException("unknown objective '" + o.type() + "'");
    };
  }

  /** The inputs a logged router decision was ordered from, as {@link dev.fairway.routing.RouteOrder} takes them. */
  public static RouteInputs inputs(DecisionRecord.Route r) {
    if (r == null || r.explicit()) {
      throw new IllegalArgumentException("not a router's decision");
    }
    List<RouteInputs.Candidate> cands = new ArrayList<>(r.candidates().size());
    for (DecisionRecord.Candidate c : r.candidates()) {
      cands.add(new RouteInputs.Candidate(c.model(), c.owner(), new Merit(c.quality(), c.costUsd(),
          c.ttftMs() == null ? Double.NaN : c.ttftMs(), Capabilities.ALL, "data".equals(c.qualitySource()))));
    }
    HousePolicy p = r.policy() == null ? HousePolicy.NONE
        : new HousePolicy(r.policy().owners(), r.policy().qualityBonus(), r.policy().priceDiscount());
    return new RouteInputs(objective(r.objective()), r.maxTtftMs(), cands, p, r.sticky());
  }

  /** The canonical bytes of a record: what the transparency log hashes. */
  public static byte[] canonical(DecisionRecord r) {
    return CanonicalWriter.write(r);
  }

  /** The canonical bytes by data binding: what {@link #canonical} must equal (tests hold it to that). */
  static byte[] canonicalByBinding(DecisionRecord r) {
    try {
      return CANONICAL_WRITER.writeValueAsBytes(r);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DecisionRecord parse(byte[] canonical) throws IOException {
    return CANONICAL.readValue(canonical, DecisionRecord.class);
  }

  /** A record as a generic JSON tree (for the API, which returns it as logged). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> tree(byte[] canonical) throws IOException {
    return CANONICAL.readValue(canonical, Map.class);
  }
}
