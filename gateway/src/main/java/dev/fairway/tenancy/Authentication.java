package dev.fairway.tenancy;

/** What a presented credential is worth: a principal, or a typed refusal. */
public sealed interface Authentication {

  /** The credential is a live key (or the master key). */
  record Granted(Principal principal) implements Authentication {}

  /** The credential opens nothing; {@link AuthRefusal#error()} is the 401 to answer with. */
  record Refused(AuthRefusal reason) implements Authentication {
    private static final Refused[] ALL = java.util.Arrays.stream(AuthRefusal.values()).map(Refused::new)
        .toArray(Refused[]::new);

    /** One shared instance per reason: refusals are answered without allocating. */
    static Refused of(AuthRefusal r) {
      return ALL[r.ordinal()];
    }
  }
}
