package dev.fairway.neutrality;

import dev.fairway.routing.RouteInputs;
import dev.fairway.routing.RouteOrder;
import java.util.ArrayList;
import java.util.List;

/** Decision records built by hand the way the router builds them: the order is what RouteOrder gives. */
public final class Records {
  private Records() {}

  public static final DecisionRecord.Objective UTILITY = new DecisionRecord.Objective("utility", null, 50.0, 0.0);
  public static final long T0 = 1_741_564_800_000L; // 2025-03-10T00:00:00Z

  public static DecisionRecord.Candidate cand(String model, String owner, double quality, double cost) {
    return new DecisionRecord.Candidate(model, owner, quality, "prior", cost, null);
  }

  public static DecisionRecord.Policy favour(String owner, double qualityBonus) {
    return new DecisionRecord.Policy(List.of(owner), qualityBonus, 0);
  }

  /** A routed decision as the router would log it, served by its first choice in 100 ms. */
  public static DecisionRecord routed(String id, DecisionRecord.Policy policy, DecisionRecord.Candidate... cands) {
    return routed(id, T0, policy, List.of(cands));
  }

  public static DecisionRecord routed(String id, long timeMs, DecisionRecord.Policy policy, List<DecisionRecord.Candidate> cands) {
    DecisionRecord.Route draft = route(policy, cands, List.of(), false);
    RouteInputs in = DecisionRecords.inputs(draft);
    int[] order = RouteOrder.order(in);
    boolean changed = in.policy().enabled() && order[0] != RouteOrder.meritOnly(in)[0];
    List<String> ids = new ArrayList<>();
    for (int i : order) {
      ids.add(cands.get(i).model());
    }
    DecisionRecord.Route route = route(policy, cands, ids, changed);
    return record(id, timeMs, route, List.of(new DecisionRecord.AttemptEntry(1, ids.get(0), ids.get(0) + "-d", "ok",
        null, 100)), ids.get(0));
  }

  public static DecisionRecord.Route route(DecisionRecord.Policy policy, List<DecisionRecord.Candidate> cands,
      List<String> order, boolean changed) {
    return new DecisionRecord.Route("auto", false, null, UTILITY, 0, policy, changed, null, cands, List.of(), order,
        "chosen by utility");
  }

  public static DecisionRecord record(String id, long timeMs, DecisionRecord.Route route,
      List<DecisionRecord.AttemptEntry> attempts, String served) {
    return new DecisionRecord(DecisionRecord.VERSION, id, timeMs, "/v1/chat/completions", null, null,
        route == null ? null : route.router(), null, "cfg", null, route, attempts, List.of(),
        served == null ? null : new DecisionRecord.Served(served, served + "-d", "p"),
        new DecisionRecord.Result(served == null ? 502 : 200, served == null ? "failed" : "answered", null));
  }

  /** The same record with its route replaced. */
  public static DecisionRecord withRoute(DecisionRecord r, DecisionRecord.Route route) {
    return new DecisionRecord(r.v(), r.id(), r.timeMs(), r.endpoint(), r.tenant(), r.team(), r.requested(),
        r.promptHmac(), r.configHash(), r.routerModelHash(), route, r.attempts(), r.fallbacks(), r.served(), r.result());
  }

  public static DecisionRecord.Route edited(DecisionRecord.Route r, List<String> order, boolean changed) {
    return new DecisionRecord.Route(r.router(), r.explicit(), r.task(), r.objective(), r.maxTtftMs(), r.policy(),
        changed, r.sticky(), r.candidates(), r.dropped(), order, r.reason());
  }

  /** A request that named its model. */
  public static DecisionRecord explicit(String id, String model, String owner, List<DecisionRecord.AttemptEntry> attempts,
      String served) {
    DecisionRecord.Route route = new DecisionRecord.Route("explicit", true, null, null, 0, null, false, null,
        List.of(new DecisionRecord.Candidate(model, owner, null, null, null, null)), List.of(), List.of(model),
        "requested");
    return record(id, T0, route, attempts, served);
  }
}
