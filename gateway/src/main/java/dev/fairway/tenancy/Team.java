package dev.fairway.tenancy;

/**
 * A team: a budget, limits and an allow-list shared by all of its keys, on top of each key's own.
 * A blocked team blocks every key in it.
 *
 * @param id chosen at creation (or generated), {@code [A-Za-z0-9_.-]{1,64}}
 * @param metadataJson a JSON object of the operator's own ({@code {}} when none)
 */
public record Team(String id, String name, Policy policy, String metadataJson, boolean blocked, long createdMs,
    long updatedMs) {
  public Team {
    policy = policy == null ? Policy.UNLIMITED : policy;
    metadataJson = metadataJson == null ? "{}" : metadataJson;
  }

  /** The settings an operator chooses. */
  public TeamDraft draft() {
    return new TeamDraft(id, name, policy, metadataJson);
  }

  Team with(TeamDraft d, long nowMs) {
    return new Team(id, d.name(), d.policy(), d.metadataJson(), blocked, createdMs, nowMs);
  }

  Team withBlocked(boolean b, long nowMs) {
    return new Team(id, name, policy, metadataJson, b, createdMs, nowMs);
  }
}
