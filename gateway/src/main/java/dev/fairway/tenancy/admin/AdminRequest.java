package dev.fairway.tenancy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.ingress.JsonErrors;
import dev.fairway.tenancy.BudgetPeriod;
import dev.fairway.tenancy.KeyDraft;
import dev.fairway.tenancy.Policy;
import dev.fairway.tenancy.TeamDraft;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of an admin request, read and type-checked field by field: every field it may hold,
 * whether it was present (a PATCH changes only those), and a 400 naming the field for a wrong
 * type or an unknown field. Range rules are checked afterwards, on the whole draft.
 */
final class AdminRequest {
  /** Floats are read as exact decimals: a budget of 0.1 is 0.1, not the double nearest to it. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  static final Set<String> KEY_FIELDS = Set.of("name", "team", "models", "max_budget_usd", "budget_period", "rpm",
      "tpm", "max_parallel", "expires_at", "metadata");
  static final Set<String> TEAM_FIELDS = Set.of("id", "name", "models", "max_budget_usd", "budget_period", "rpm",
      "tpm", "max_parallel", "metadata");
  static final Set<String> TEAM_PATCH_FIELDS = Set.of("name", "models", "max_budget_usd", "budget_period", "rpm",
      "tpm", "max_parallel", "metadata");
  static final Set<String> ROTATE_FIELDS = Set.of("grace_seconds");

  private final Map<String, JsonNode> fields;

  private AdminRequest(Map<String, JsonNode> fields) {
    this.fields = fields;
  }

  /** Parses {@code body} (empty = {@code {}}), refusing fields outside {@code allowed}. */
  static AdminRequest parse(byte[] body, Set<String> allowed) {
    JsonNode root;
    if (body == null || body.length == 0) {
      root = JSON.createObjectNode();
    } else {
      try {
        root = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw JsonErrors.describe(e);
      } catch (java.io.IOException e) {
        throw GatewayError.invalid("We could not read the body of your request.", null, Reason.INVALID_JSON);
      }
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw GatewayError.invalid("The request body must be a JSON object.", null, Reason.INVALID_JSON);
    }
    Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!allowed.contains(e.getKey())) {
        throw GatewayError.invalid("Unrecognized request argument supplied: " + printable(e.getKey()),
            printable(e.getKey()), Reason.UNKNOWN_PARAMETER);
      }
      fields.put(e.getKey(), e.getValue());
    }
    return new AdminRequest(fields);
  }

  boolean has(String field) {
    return fields.containsKey(field);
  }

  /** A key's settings: the fields present replace those of {@code base}; null clears. */
  KeyDraft applyTo(KeyDraft base) {
    KeyDraft d = base;
    if (has("name")) {
      d = d.withName(string("name"));
    }
    if (has("team")) {
      d = d.withTeam(string("team"));
    }
    d = d.withPolicy(policy(d.policy()));
    if (has("expires_at")) {
      d = d.withExpiresAtMs(time("expires_at"));
    }
    if (has("metadata")) {
      d = d.withMetadataJson(metadata());
    }
    return d;
  }

  /** A team's settings, likewise. */
  TeamDraft applyTo(TeamDraft base) {
    TeamDraft d = base;
    if (has("id")) {
      d = new TeamDraft(string("id"), d.name(), d.policy(), d.metadataJson());
    }
    if (has("name")) {
      d = d.withName(string("name"));
    }
    d = d.withPolicy(policy(d.policy()));
    if (has("metadata")) {
      d = d.withMetadataJson(metadata());
    }
    return d;
  }

  /** {@code grace_seconds}, or 0 when absent. */
  long graceSeconds() {
    Long g = integer("grace_seconds");
    return g == null ? 0 : g;
  }

  private Policy policy(Policy p) {
    List<String> models = has("models") ? strings("models") : p.models();
    BigDecimal budget = has("max_budget_usd") ? decimal("max_budget_usd") : p.maxBudgetUsd();
    BudgetPeriod period = has("budget_period") ? period() : p.budgetPeriod();
    Integer rpm = has("rpm") ? int32("rpm") : p.rpm();
    Long tpm = has("tpm") ? integer("tpm") : p.tpm();
    Integer par = has("max_parallel") ? int32("max_parallel") : p.maxParallel();
    return new Policy(models, budget, period, rpm, tpm, par);
  }

  private String string(String f) {
    JsonNode n = fields.get(f);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw type(f, "a string", n);
    }
    return n.textValue();
  }

  private List<String> strings(String f) {
    JsonNode n = fields.get(f);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw type(f, "an array of strings", n);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isTextual()) {
        throw type(f + "[" + i + "]", "a string", e);
      }
      out.add(e.textValue());
    }
    return out;
  }

  private BigDecimal decimal(String f) {
    JsonNode n = fields.get(f);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return n.decimalValue();
    }
    if (n.isTextual()) {
      try {
        String s = n.textValue().strip();
        if (s.matches("[0-9]+(\\.[0-9]+)?")) {
          return new BigDecimal(s);
        }
      } catch (NumberFormatException ignored) {
        // falls through to the error below
      }
      throw GatewayError.invalid("Invalid value for '" + f + "': expected a decimal number of US dollars such as"
          + " 10 or \"12.50\".", f, Reason.INVALID_VALUE);
    }
    throw type(f, "a number or a decimal string", n);
  }

  private BudgetPeriod period() {
    String s = string("budget_period");
    if (s == null) {
      return BudgetPeriod.NONE;
    }
    BudgetPeriod p = BudgetPeriod.parse(s);
    if (p == null) {
      throw GatewayError.invalid("Invalid value for 'budget_period': expected one of 1h, 1d, 7d, 30d, month, none.",
          "budget_period", Reason.UNSUPPORTED_VALUE);
    }
    return p;
  }

  private Long integer(String f) {
    JsonNode n = fields.get(f);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw type(f, "an integer", n);
    }
    return n.longValue();
  }

  private Integer int32(String f) {
    Long v = integer(f);
    if (v == null) {
      return null;
    }
    if (v > Integer.MAX_VALUE) {
      throw GatewayError.invalid("Invalid value for '" + f + "': must be at most " + Integer.MAX_VALUE + ".", f,
          Reason.INVALID_VALUE);
    }
    if (v < Integer.MIN_VALUE) {
      return Integer.MIN_VALUE; // refused by the range check that follows
    }
    return v.intValue();
  }

  /** RFC 3339 text ({@code 2026-01-01T00:00:00Z}) or integer Unix seconds. */
  private Long time(String f) {
    JsonNode n = fields.get(f);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      long s = n.longValue();
      if (s < 0 || s > 253_402_300_799L) {
        throw GatewayError.invalid("Invalid value for '" + f + "': Unix seconds out of range.", f, Reason.INVALID_VALUE);
      }
      return s * 1000;
    }
    if (n.isTextual()) {
      try {
        return Instant.parse(n.textValue()).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw GatewayError.invalid("Invalid value for '" + f + "': expected an RFC 3339 time such as"
            + " 2026-01-01T00:00:00Z, or Unix seconds.", f, Reason.INVALID_VALUE);
      }
    }
    throw type(f, "a string or an integer", n);
  }

  private String metadata() {
    JsonNode n = fields.get("metadata");
    if (n == null || n.isNull()) {
      return "{}";
    }
    if (!n.isObject()) {
      throw type("metadata", "an object", n);
    }
    return n.toString();
  }

  private static GatewayError type(String f, String expected, JsonNode got) {
    return GatewayError.invalid("Invalid type for '" + f + "': expected " + expected + ", but got " + typeOf(got)
        + " instead.", f, Reason.INVALID_TYPE);
  }

  private static String typeOf(JsonNode n) {
    if (n.isTextual()) return "a string";
    if (n.isIntegralNumber()) return "an integer";
    if (n.isNumber()) return "a decimal";
    if (n.isBoolean()) return "a boolean";
    if (n.isNull()) return "null";
    if (n.isArray()) return "an array";
    return "an object";
  }

  private static String printable(String s) {
    String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
