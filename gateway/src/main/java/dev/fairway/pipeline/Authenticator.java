package dev.fairway.pipeline;

/** Who presented the request's credential; see {@link Authenticate}. */
@FunctionalInterface
public interface Authenticator {
  /** No gateway authentication: every request is anonymous (loopback only, or behind a proxy that authenticates). */
  Authenticator OPEN = ctx -> null;

  /**
   * The tenant the request's credential belongs to, or null when authentication is off.
   *
   * @throws dev.fairway.api.GatewayError 401 when the credential is missing, unknown, expired or blocked
   */
  Tenant authenticate(RequestContext ctx);
}
