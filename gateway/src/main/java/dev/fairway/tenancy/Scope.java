package dev.fairway.tenancy;

import java.util.Objects;

/**
 * One set of counters a request is charged to (a key's, or a team's), with the policy that
 * bounds it at the time of the request.
 */
public record Scope(Id id, Policy policy) {
  public Scope {
    Objects.requireNonNull(id, "id");
    policy = policy == null ? Policy.UNLIMITED : policy;
  }

  /** Identifies a scope's counters across policy changes. */
  public record Id(ScopeKind kind, String id) {
    public Id {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
    }
  }

  public static Scope of(VirtualKey k) {
    return new Scope(new Id(ScopeKind.KEY, k.id()), k.policy());
  }

  public static Scope of(Team t) {
    return new Scope(new Id(ScopeKind.TEAM, t.id()), t.policy());
  }

  public ScopeKind kind() {
    return id.kind();
  }
}
