package dev.fairway.routing;

import java.util.List;

/**
 * Everything a router's ordering was computed from, recorded with the decision so that an
 * auditor can replay it through the same code ({@link RouteOrder}) and get the same order, and
 * replay it again with the owner labels permuted to show that owners played no part (or exactly
 * the part a disclosed house policy gives them).
 *
 * @param objective what ordered the candidates (the router's, or its task class's)
 * @param maxTtftMs the latency SLO: candidates expected slower go last (0: none)
 * @param candidates the candidates that passed the filters, in the order the objective saw them
 * @param policy the house policy in force ({@link HousePolicy#NONE} when none)
 * @param sticky the model a sticky conversation kept, or null
 */
public record RouteInputs(Objective objective, double maxTtftMs, List<Candidate> candidates, HousePolicy policy,
    String sticky) {

  public RouteInputs {
    candidates = List.copyOf(candidates);
    policy = policy == null ? HousePolicy.NONE : policy;
  }

  /** One surviving candidate: its id and owner (for the audit; the objective never reads them) and merit. */
  public record Candidate(String model, String owner, Merit merit) {}

  public RouteInputs withOwners(List<String> owners) {
    List<Candidate> c = new java.util.ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      c.add(new Candidate(candidates.get(i).model(), owners.get(i), candidates.get(i).merit()));
    }
    return new RouteInputs(objective, maxTtftMs, c, policy, sticky);
  }

  public RouteInputs withPolicy(HousePolicy p) {
    return new RouteInputs(objective, maxTtftMs, candidates, p, sticky);
  }
}
