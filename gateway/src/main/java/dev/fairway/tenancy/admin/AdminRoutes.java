package dev.fairway.tenancy.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.tenancy.IssuedKey;
import dev.fairway.tenancy.KeyDraft;
import dev.fairway.tenancy.Limits;
import dev.fairway.tenancy.Policy;
import dev.fairway.tenancy.RateLimitHeaders;
import dev.fairway.tenancy.Scope;
import dev.fairway.tenancy.ScopeUsage;
import dev.fairway.tenancy.Team;
import dev.fairway.tenancy.TeamDraft;
import dev.fairway.tenancy.Tenancy;
import dev.fairway.tenancy.TenancyAdmin;
import dev.fairway.tenancy.TenancyJson;
import dev.fairway.tenancy.VirtualKey;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API for keys and teams, JSON in and out, errors in OpenAI's format:
 * <pre>
 * POST   /admin/keys                 create; answers {"id", "key", ...} (the only time the key is shown)
 * GET    /admin/keys[?team=ID]       list
 * GET    /admin/keys/{id}            settings, spend_usd, reserved_usd, remaining_usd, limits
 * PATCH  /admin/keys/{id}            change the fields given (null clears)
 * POST   /admin/keys/{id}/block | unblock
 * POST   /admin/keys/{id}/rotate     {"grace_seconds": N}; answers the new key
 * DELETE /admin/keys/{id}
 * and the same for /admin/teams (no rotate), plus GET /admin/audit[?type=key|team&#38;id=ID&#38;limit=N].
 * </pre>
 * Database work runs on Vert.x worker threads, never on an event loop. Who acts is taken from
 * {@link AdminAuth#actor}: install {@link AdminAuth#requireMaster} in front.
 */
public final class AdminRoutes {
  private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_BODY = 64 * 1024;
  private static final int MAX_AUDIT = 1000;

  private final TenancyAdmin admin;
  private final Limits limits;
  private final Clock clock;

  public AdminRoutes(Tenancy tenancy) {
    this.admin = tenancy.admin();
    this.limits = tenancy.limits();
    this.clock = tenancy.clock();
  }

  /** Mounts every route on {@code router}. */
  public void mount(Router router) {
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.post("/admin/keys").handler(body).handler(rc -> answer(rc, 200, () -> {
      KeyDraft d = AdminRequest.parse(bytes(rc), AdminRequest.KEY_FIELDS).applyTo(new KeyDraft(null, null, null,
          null, null));
      return issued(admin.createKey(d, AdminAuth.actor(rc)));
    }));
    router.get("/admin/keys").handler(rc -> answer(rc, 200, () -> {
      String team = rc.request().getParam("team");
      ArrayNode data = NODES.arrayNode();
      admin.keys(team).forEach(k -> data.add(keyView(k)));
      return list(data);
    }));
    router.get("/admin/keys/:id").handler(rc -> answer(rc, 200, () -> keyView(admin.key(id(rc)))));
    router.patch("/admin/keys/:id").handler(body).handler(rc -> answer(rc, 200, () -> {
      AdminRequest req = AdminRequest.parse(bytes(rc), AdminRequest.KEY_FIELDS);
      return keyView(admin.updateKey(id(rc), req::applyTo, AdminAuth.actor(rc)));
    }));
    router.post("/admin/keys/:id/block").handler(body).handler(rc -> answer(rc, 200, () ->
        keyView(admin.setKeyBlocked(id(rc), true, AdminAuth.actor(rc)))));
    router.post("/admin/keys/:id/unblock").handler(body).handler(rc -> answer(rc, 200, () ->
        keyView(admin.setKeyBlocked(id(rc), false, AdminAuth.actor(rc)))));
    router.post("/admin/keys/:id/rotate").handler(body).handler(rc -> answer(rc, 200, () -> {
      long grace = AdminRequest.parse(bytes(rc), AdminRequest.ROTATE_FIELDS).graceSeconds();
      IssuedKey k = admin.rotateKey(id(rc), Duration.ofSeconds(grace), AdminAuth.actor(rc));
      return issued(k).put("previous_secret_valid_until", TenancyJson.time(k.previousValidUntilMs()));
    }));
    router.delete("/admin/keys/:id").handler(rc -> answer(rc, 200, () -> {
      VirtualKey k = admin.deleteKey(id(rc), AdminAuth.actor(rc));
      return NODES.objectNode().put("object", "key").put("id", k.id()).put("deleted", true);
    }));

    router.post("/admin/teams").handler(body).handler(rc -> answer(rc, 200, () -> {
      TeamDraft d = AdminRequest.parse(bytes(rc), AdminRequest.TEAM_FIELDS).applyTo(new TeamDraft(null, null, null,
          null));
      return teamView(admin.createTeam(d, AdminAuth.actor(rc)));
    }));
    router.get("/admin/teams").handler(rc -> answer(rc, 200, () -> {
      ArrayNode data = NODES.arrayNode();
      admin.teams().forEach(t -> data.add(teamView(t)));
      return list(data);
    }));
    router.get("/admin/teams/:id").handler(rc -> answer(rc, 200, () -> {
      Team t = admin.team(id(rc));
      return teamView(t).put("keys", admin.keyCount(t.id()));
    }));
    router.patch("/admin/teams/:id").handler(body).handler(rc -> answer(rc, 200, () -> {
      AdminRequest req = AdminRequest.parse(bytes(rc), AdminRequest.TEAM_PATCH_FIELDS);
      return teamView(admin.updateTeam(id(rc), req::applyTo, AdminAuth.actor(rc)));
    }));
    router.post("/admin/teams/:id/block").handler(body).handler(rc -> answer(rc, 200, () ->
        teamView(admin.setTeamBlocked(id(rc), true, AdminAuth.actor(rc)))));
    router.post("/admin/teams/:id/unblock").handler(body).handler(rc -> answer(rc, 200, () ->
        teamView(admin.setTeamBlocked(id(rc), false, AdminAuth.actor(rc)))));
    router.delete("/admin/teams/:id").handler(rc -> answer(rc, 200, () -> {
      Team t = admin.deleteTeam(id(rc), AdminAuth.actor(rc));
      return NODES.objectNode().put("object", "team").put("id", t.id()).put("deleted", true);
    }));

    router.get("/admin/audit").handler(rc -> answer(rc, 200, () -> {
      String type = rc.request().getParam("type");
      String id = rc.request().getParam("id");
      int limit = limit(rc.request().getParam("limit"));
      ArrayNode data = NODES.arrayNode();
      admin.audit(type == null ? "key" : type, id, limit).forEach(e -> {
        ObjectNode o = data.addObject();
        o.put("at", TenancyJson.time(e.atMs()));
        o.put("actor", e.actor());
        o.put("action", e.action());
        o.put("target_type", e.targetType());
        o.put("target_id", e.targetId());
        o.set("before", e.beforeJson() == null ? NODES.nullNode() : parse(e.beforeJson()));
        o.set("after", e.afterJson() == null ? NODES.nullNode() : parse(e.afterJson()));
      });
      return list(data);
    }));
  }

  private static int limit(String s) {
    if (s == null) {
      return 100;
    }
    try {
      int n = Integer.parseInt(s);
      if (n >= 1 && n <= MAX_AUDIT) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // refused below
    }
    throw GatewayError.invalid("Invalid value for 'limit': an integer from 1 to " + MAX_AUDIT + ".", "limit",
        dev.fairway.api.Reason.INVALID_VALUE);
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (Exception e) {
      return NODES.nullNode();
    }
  }

  /** A key's settings, then its spend and limits right now. */
  ObjectNode keyView(VirtualKey k) {
    ObjectNode o = TenancyJson.key(k);
    usage(o, Scope.of(k));
    return o;
  }

  ObjectNode teamView(Team t) {
    ObjectNode o = TenancyJson.team(t);
    usage(o, Scope.of(t));
    return o;
  }

  private void usage(ObjectNode o, Scope scope) {
    long now = clock.millis();
    ScopeUsage u = limits.usage(scope, now);
    Policy p = scope.policy();
    o.put("spend_usd", TenancyJson.money(u.spendUsd()));
    o.put("reserved_usd", TenancyJson.money(u.reservedUsd()));
    o.put("remaining_usd", TenancyJson.money(u.remainingUsd(p.maxBudgetUsd())));
    boolean periodic = u.periodEndMs() != Long.MAX_VALUE;
    o.put("budget_period_start", periodic ? TenancyJson.time(u.periodStartMs()) : null);
    o.put("budget_resets_at", periodic ? TenancyJson.time(u.periodEndMs()) : null);
    ObjectNode l = o.putObject("limits");
    if (p.rpm() != null) {
      l.putObject("requests").put("limit", p.rpm()).put("used", u.requests())
          .put("remaining", Math.max(0, p.rpm() - u.requests()))
          .put("resets_in", RateLimitHeaders.duration(u.requestsResetMs()));
    } else {
      l.putNull("requests");
    }
    if (p.tpm() != null) {
      l.putObject("tokens").put("limit", p.tpm()).put("used", u.tokens())
          .put("remaining", Math.max(0, p.tpm() - u.tokens()))
          .put("resets_in", RateLimitHeaders.duration(u.tokensResetMs()));
    } else {
      l.putNull("tokens");
    }
    l.putObject("parallel").put("limit", p.maxParallel()).put("in_flight", u.inFlight());
  }

  /** A key with its full secret: {@code id} and {@code key} first, as scripts expect. */
  private ObjectNode issued(IssuedKey k) {
    ObjectNode o = NODES.objectNode();
    o.put("id", k.key().id());
    o.put("key", k.secretKey());
    o.setAll(keyView(k.key()));
    return o;
  }

  private static ObjectNode list(ArrayNode data) {
    ObjectNode o = NODES.objectNode();
    o.put("object", "list");
    o.set("data", data);
    return o;
  }

  private static String id(RoutingContext rc) {
    return rc.pathParam("id");
  }

  private static byte[] bytes(RoutingContext rc) {
    return rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
  }

  /** Runs {@code work} on a worker thread and answers its JSON, or the error in OpenAI's format. */
  private static void answer(RoutingContext rc, int status, Callable<ObjectNode> work) {
    rc.vertx().executeBlocking(work, false).onComplete(ar -> {
      if (ar.succeeded()) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json")
            .putHeader("cache-control", "no-store").end(ar.result().toString());
      } else if (ar.cause() instanceof GatewayError g) {
        OpenAiIngress.error(rc, g);
      } else {
        // The message of a storage failure names the database, never a credential; the body is not logged.
        log.error("tenancy: admin {} {} failed: {}", rc.request().method(), rc.request().path(), ar.cause().toString());
        OpenAiIngress.error(rc, GatewayError.of(ErrorKind.INTERNAL, "The admin request could not be completed."));
      }
    });
  }
}
