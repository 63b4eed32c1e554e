package dev.fairway.tenancy.admin;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.tenancy.Credentials;
import dev.fairway.tenancy.MasterKey;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * The gate in front of {@code /admin/*} and {@code /metrics}: only a request carrying the master
 * key (as {@code Authorization: Bearer} or {@code x-api-key}) passes; any other gets a 401 in
 * OpenAI's error format, which never repeats what was presented.
 */
public final class AdminAuth {
  private AdminAuth() {}

  /** The routing-context key under which the admin handlers find who is acting ({@code master}). */
  public static final String ACTOR = "fairway.tenancy.actor";

  private static final GatewayError MISSING = GatewayError.of(ErrorKind.AUTHENTICATION, Reason.INVALID_API_KEY,
      "This endpoint needs the gateway's master key, as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");
  private static final GatewayError WRONG = GatewayError.of(ErrorKind.AUTHENTICATION, Reason.INVALID_API_KEY,
      "Invalid master key: this endpoint needs the gateway's master key.");

  /** Passes requests that carry {@code master}, recording the actor {@code master}; answers 401 otherwise. */
  public static Handler<RoutingContext> requireMaster(MasterKey master) {
    return requireMasterOr(master, null);
  }

  /**
   * As {@link #requireMaster}, also passing requests that carry {@code token} (e.g. a metrics
   * scraper's token; actor {@code token}), when it is not null.
   */
  public static Handler<RoutingContext> requireMasterOr(MasterKey master, MasterKey token) {
    Objects.requireNonNull(master, "master");
    return rc -> {
      String presented = Credentials.presented(rc.request().getHeader("authorization"),
          rc.request().getHeader("x-api-key"));
      if (presented != null && master.matches(presented)) {
        rc.put(ACTOR, "master");
        rc.next();
      } else if (presented != null && token != null && token.matches(presented)) {
        rc.put(ACTOR, "token");
        rc.next();
      } else {
        OpenAiIngress.error(rc, presented == null ? MISSING : WRONG);
      }
    };
  }

  /** Who is acting on this request: {@code master}, or {@code anonymous} when no gate is installed. */
  public static String actor(RoutingContext rc) {
    Object a = rc.get(ACTOR);
    return a instanceof String s ? s : "anonymous";
  }
}
