package dev.fairway.tenancy;

/**
 * The operator-chosen settings of a team. {@code id} is used only at creation (null: generate
 * one); a change cannot rename a team's id.
 */
public record TeamDraft(String id, String name, Policy policy, String metadataJson) {
  public TeamDraft {
    policy = policy == null ? Policy.UNLIMITED : policy;
    metadataJson = metadataJson == null ? "{}" : metadataJson;
  }

  public static TeamDraft of(String id, String name, Policy policy) {
    return new TeamDraft(id, name, policy, null);
  }

  public TeamDraft withName(String n) {
    return new TeamDraft(id, n, policy, metadataJson);
  }

  public TeamDraft withPolicy(Policy p) {
    return new TeamDraft(id, name, p, metadataJson);
  }

  public TeamDraft withMetadataJson(String m) {
    return new TeamDraft(id, name, policy, m);
  }
}
