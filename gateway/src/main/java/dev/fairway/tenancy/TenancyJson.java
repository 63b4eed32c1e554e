package dev.fairway.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.metering.Pricing;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The JSON of a key's or a team's settings, as the admin API returns them and the audit records
 * them: snake_case fields, money as exact decimal strings, times as RFC 3339 UTC. Never a secret
 * nor a hash: the records it reads hold none.
 */
public final class TenancyJson {
  private TenancyJson() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  public static ObjectNode key(VirtualKey k) {
    ObjectNode o = NODES.objectNode();
    o.put("object", "key");
    o.put("id", k.id());
    o.put("name", k.name());
    o.put("team", k.teamId());
    policy(o, k.policy());
    o.put("expires_at", time(k.expiresAtMs()));
    o.set("metadata", metadata(k.metadataJson()));
    o.put("blocked", k.blocked());
    o.put("created_at", time(k.createdMs()));
    o.put("updated_at", time(k.updatedMs()));
    return o;
  }

  public static ObjectNode team(Team t) {
    ObjectNode o = NODES.objectNode();
    o.put("object", "team");
    o.put("id", t.id());
    o.put("name", t.name());
    policy(o, t.policy());
    o.set("metadata", metadata(t.metadataJson()));
    o.put("blocked", t.blocked());
    o.put("created_at", time(t.createdMs()));
    o.put("updated_at", time(t.updatedMs()));
    return o;
  }

  private static void policy(ObjectNode o, Policy p) {
    ArrayNode models = o.putArray("models");
    p.models().forEach(models::add);
    o.put("max_budget_usd", money(p.maxBudgetUsd()));
    o.put("budget_period", p.budgetPeriod().wire());
    o.put("rpm", p.rpm());
    o.put("tpm", p.tpm());
    o.put("max_parallel", p.maxParallel());
  }

  /** Exact decimal text without exponent ({@code 10}, {@code 0.000125}), or null. */
  public static String money(BigDecimal v) {
    return v == null ? null : Pricing.format(v);
  }

  /** RFC 3339 in UTC, or null. */
  public static String time(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms).toString();
  }

  static JsonNode metadata(String json) {
    try {
      return JSON.readTree(json == null ? "{}" : json);
    } catch (JsonProcessingException e) {
      return NODES.objectNode();
    }
  }

  static String text(JsonNode n) {
    return n == null ? null : n.toString();
  }
}
