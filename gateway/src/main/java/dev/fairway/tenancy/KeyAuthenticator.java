package dev.fairway.tenancy;

import dev.fairway.pipeline.Authenticator;
import dev.fairway.pipeline.Credential;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.pipeline.Tenant;
import java.time.Clock;

/**
 * The pipeline's {@code Authenticate} stage with virtual keys: the request's credential must be a
 * live key (or the master key); anything else is refused with a 401 in the caller's protocol,
 * from memory, without a database read.
 */
public final class KeyAuthenticator implements Authenticator {
  private final Tenancy tenancy;
  private final Clock clock;

  public KeyAuthenticator(Tenancy tenancy) {
    this.tenancy = tenancy;
    this.clock = tenancy.clock();
  }

  @Override
  public Tenant authenticate(RequestContext ctx) {
    Credential c = ctx.credential();
    if (c == null) {
      throw AuthRefusal.MISSING.error();
    }
    return switch (tenancy.authenticate(c.value(), clock.millis())) {
      case Authentication.Granted g -> g.principal();
      case Authentication.Refused r -> throw r.reason().error();
    };
  }
}
