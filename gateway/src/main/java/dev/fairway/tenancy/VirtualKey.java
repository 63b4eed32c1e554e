package dev.fairway.tenancy;

/**
 * A virtual key's settings, as the admin API shows them: never its secret nor the secret's hash.
 *
 * @param id the public id, the {@code <id>} of {@code sk-fw-<id>-<secret>}
 * @param name a label for people, or null
 * @param teamId the team whose budget and limits also apply, or null
 * @param expiresAtMs when the key stops working (epoch milliseconds), or null for never
 * @param metadataJson a JSON object of the operator's own ({@code {}} when none)
 */
public record VirtualKey(String id, String name, String teamId, Policy policy, Long expiresAtMs,
    String metadataJson, boolean blocked, long createdMs, long updatedMs) {
  public VirtualKey {
    policy = policy == null ? Policy.UNLIMITED : policy;
    metadataJson = metadataJson == null ? "{}" : metadataJson;
  }

  /** The settings an operator chooses, without identity, state or times. */
  public KeyDraft draft() {
    return new KeyDraft(name, teamId, policy, expiresAtMs, metadataJson);
  }

  VirtualKey with(KeyDraft d, long nowMs) {
    return new VirtualKey(id, d.name(), d.teamId(), d.policy(), d.expiresAtMs(), d.metadataJson(), blocked,
        createdMs, nowMs);
  }

  VirtualKey withBlocked(boolean b, long nowMs) {
    return new VirtualKey(id, name, teamId, policy, expiresAtMs, metadataJson, b, createdMs, nowMs);
  }

  VirtualKey touched(long nowMs) {
    return new VirtualKey(id, name, teamId, policy, expiresAtMs, metadataJson, blocked, createdMs, nowMs);
  }
}
