package dev.fairway.tenancy;

/** Whose budget or limit: the key's own, or its team's. */
public enum ScopeKind {
  KEY("key"),
  TEAM("team");

  private final String wire;

  ScopeKind(String wire) {
    this.wire = wire;
  }

  /** The name in the database and in JSON. */
  public String wire() {
    return wire;
  }

  public static ScopeKind parse(String s) {
    return "team".equals(s) ? TEAM : "key".equals(s) ? KEY : null;
  }
}
