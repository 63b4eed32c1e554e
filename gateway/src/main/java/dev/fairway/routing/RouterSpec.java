package dev.fairway.routing;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One router as configured: which models it may choose from, how it orders them, and its limits.
 *
 * @param name what clients put in {@code model} ({@code auto}, {@code auto:cost}, a named router)
 * @param candidates model ids in declared order; empty means every served model
 * @param maxTtftMs latency SLO: candidates expected to take longer to a first token go last (0: none)
 * @param maxCostUsd candidates predicted to cost more per request are dropped (0: no limit)
 * @param regions if not empty, only models with a deployment in one of these regions qualify
 * @param tasks task-aware rules, tried in order; empty for none
 */
public record RouterSpec(
    String name,
    List<String> candidates,
    Objective objective,
    double maxTtftMs,
    double maxCostUsd,
    Set<String> regions,
    List<TaskRule> tasks) {

  public RouterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(objective, "objective");
    candidates = List.copyOf(candidates);
    regions = Set.copyOf(regions);
    tasks = List.copyOf(tasks);
  }

  public RouterSpec withName(String n) {
    return new RouterSpec(n, candidates, objective, maxTtftMs, maxCostUsd, regions, tasks);
  }

  public RouterSpec withObjective(Objective o) {
    return new RouterSpec(name, candidates, o, maxTtftMs, maxCostUsd, regions, tasks);
  }

  public RouterSpec withTasks(List<TaskRule> t) {
    return new RouterSpec(name, candidates, objective, maxTtftMs, maxCostUsd, regions, t);
  }

  /**
   * A task class recognised from example prompts, with its own candidates and/or objective.
   *
   * @param candidates the class's candidates in declared order (empty: the router's own)
   * @param objective the class's objective, or null for the router's own
   */
  public record TaskRule(String name, List<String> examples, List<String> candidates, Objective objective) {
    public TaskRule {
      Objects.requireNonNull(name, "name");
      examples = List.copyOf(examples);
      candidates = List.copyOf(candidates);
    }
  }
}
