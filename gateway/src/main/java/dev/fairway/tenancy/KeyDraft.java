package dev.fairway.tenancy;

/**
 * The operator-chosen settings of a virtual key, as given to {@code create} or produced by a
 * change; validated by {@link TenancyAdmin} before anything is stored.
 */
public record KeyDraft(String name, String teamId, Policy policy, Long expiresAtMs, String metadataJson) {
  public KeyDraft {
    policy = policy == null ? Policy.UNLIMITED : policy;
    metadataJson = metadataJson == null ? "{}" : metadataJson;
  }

  public static KeyDraft of(String name, Policy policy) {
    return new KeyDraft(name, null, policy, null, null);
  }

  public KeyDraft withName(String n) {
    return new KeyDraft(n, teamId, policy, expiresAtMs, metadataJson);
  }

  public KeyDraft withTeam(String t) {
    return new KeyDraft(name, t, policy, expiresAtMs, metadataJson);
  }

  public KeyDraft withPolicy(Policy p) {
    return new KeyDraft(name, teamId, p, expiresAtMs, metadataJson);
  }

  public KeyDraft withExpiresAtMs(Long e) {
    return new KeyDraft(name, teamId, policy, e, metadataJson);
  }

  public KeyDraft withMetadataJson(String m) {
    return new KeyDraft(name, teamId, policy, expiresAtMs, m);
  }
}
