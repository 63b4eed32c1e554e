package dev.fairway.tenancy;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who a request acts for: a virtual key and its team (whose budgets, limits and allow-lists all
 * apply), or the operator's master key (no limits). Immutable; rebuilt when the key or team
 * changes.
 */
public final class Principal implements dev.fairway.pipeline.Tenant {
  /** The master key: every model, no budget, no limit. */
  public static final Principal MASTER = new Principal(null, null);

  private final VirtualKey key;
  private final Team team;
  private final List<Scope> scopes;
  private final Set<String> allowedModels;

  Principal(VirtualKey key, Team team) {
    this.key = key;
    this.team = team;
    if (key == null) {
      scopes = List.of();
      allowedModels = null;
    } else {
      scopes = team == null ? List.of(Scope.of(key)) : List.of(Scope.of(key), Scope.of(team));
      allowedModels = intersect(key.policy().models(), team == null ? List.of() : team.policy().models());
    }
  }

  private static Set<String> intersect(List<String> a, List<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return null;
    }
    if (a.isEmpty() || b.isEmpty()) {
      return Set.copyOf(a.isEmpty() ? b : a);
    }
    Set<String> s = new LinkedHashSet<>(a);
    s.retainAll(b);
    return Set.copyOf(s);
  }

  public boolean isMaster() {
    return key == null;
  }

  /** The key, or null for the master key. */
  public VirtualKey key() {
    return key;
  }

  /** The key's team, or null. */
  public Team team() {
    return team;
  }

  /** The key's public id, or {@code master}. */
  @Override
  public String keyId() {
    return key == null ? "master" : key.id();
  }

  /** The team's id, or null. */
  @Override
  public String teamId() {
    return team == null ? null : team.id();
  }

  /** The counters a request is charged to, key first, then team; empty for the master key. */
  public List<Scope> scopes() {
    return scopes;
  }

  /**
   * The names every applicable allow-list admits (the intersection of the key's and the team's),
   * or null when neither restricts: what routing may use to filter candidates.
   */
  @Override
  public Set<String> allowedModels() {
    return allowedModels;
  }

  /** True when {@code model} is on every applicable allow-list (or none restricts). */
  public boolean permits(String model) {
    return allowedModels == null || model != null && allowedModels.contains(model);
  }

  /**
   * True when the request may name this model: the name the client sent, or what it resolves to
   * (an alias's model), is on every applicable allow-list.
   */
  public boolean permits(String requested, String resolved) {
    return permits(requested) || resolved != null && permits(resolved);
  }

  /** The 403 for a model this principal may not use, naming the model (which the client itself sent). */
  public static GatewayError modelNotAllowed(String model) {
    return GatewayError.of(ErrorKind.PERMISSION, Reason.MODEL_NOT_ALLOWED,
        "This API key is not allowed to use the model '" + model + "'.").withParam("model");
  }

  @Override
  public String toString() {
    return key == null ? "Principal[master]" : "Principal[key " + key.id() + (team == null ? "" : ", team "
        + team.id()) + "]";
  }
}
