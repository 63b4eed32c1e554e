package dev.fairway.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every key and team setting must meet, whoever sets it (the admin API, the CLI, code);
 * a broken rule is a 400 naming the field as the admin API spells it.
 */
final class Validation {
  private Validation() {}

  static final int MAX_NAME = 256;
  static final int MAX_MODELS = 1000;
  static final int MAX_METADATA_BYTES = 16 * 1024;
  static final BigDecimal MAX_BUDGET = new BigDecimal("1000000000000");
  static final int MAX_BUDGET_SCALE = 18;
  static final long MAX_GRACE_SECONDS = 30L * 24 * 3600;
  private static final Pattern TEAM_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper();

  static void key(KeyDraft d) {
    name(d.name());
    policy(d.policy());
    metadata(d.metadataJson());
  }

  static void team(TeamDraft d) {
    name(d.name());
    policy(d.policy());
    metadata(d.metadataJson());
  }

  static void teamId(String id) {
    if (id != null && !TEAM_ID.matcher(id).matches()) {
      throw GatewayError.invalid("Invalid value for 'id': a team id is 1 to 64 letters, digits, '_', '.' or '-'.",
          "id", Reason.INVALID_VALUE);
    }
  }

  static void grace(long seconds) {
    if (seconds < 0) {
      throw GatewayError.invalid("Invalid value for 'grace_seconds': must be at least 0.", "grace_seconds",
          Reason.INTEGER_BELOW_MIN_VALUE);
    }
    if (seconds > MAX_GRACE_SECONDS) {
      throw GatewayError.invalid("Invalid value for 'grace_seconds': must be at most " + MAX_GRACE_SECONDS
          + " (30 days).", "grace_seconds", Reason.INVALID_VALUE);
    }
  }

  private static void name(String name) {
    if (name == null) {
      return;
    }
    if (name.length() > MAX_NAME) {
      throw GatewayError.invalid("Invalid value for 'name': at most " + MAX_NAME + " characters.", "name",
          Reason.INVALID_VALUE);
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw GatewayError.invalid("Invalid value for 'name': control characters are not allowed.", "name",
          Reason.INVALID_VALUE);
    }
  }

  private static void policy(Policy p) {
    List<String> models = p.models();
    if (models.size() > MAX_MODELS) {
      throw GatewayError.invalid("Invalid 'models': at most " + MAX_MODELS + " entries.", "models",
          Reason.ARRAY_ABOVE_MAX_LENGTH);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < models.size(); i++) {
      String m = models.get(i);
      String param = "models[" + i + "]";
      if (m == null || m.isBlank() || m.length() > MAX_NAME || m.chars().anyMatch(Character::isISOControl)) {
        throw GatewayError.invalid("Invalid value for '" + param + "': a model, alias or router name of 1 to "
            + MAX_NAME + " characters.", param, Reason.INVALID_VALUE);
      }
      if (!seen.add(m)) {
        throw GatewayError.invalid("Invalid value for '" + param + "': '" + m + "' is listed twice.", param,
            Reason.INVALID_VALUE);
      }
    }
    BigDecimal b = p.maxBudgetUsd();
    if (b != null) {
      if (b.signum() < 0) {
        throw GatewayError.invalid("Invalid value for 'max_budget_usd': must be at least 0.", "max_budget_usd",
            Reason.DECIMAL_BELOW_MIN_VALUE);
      }
      if (b.compareTo(MAX_BUDGET) > 0) {
        throw GatewayError.invalid("Invalid value for 'max_budget_usd': must be at most 1000000000000.",
            "max_budget_usd", Reason.DECIMAL_ABOVE_MAX_VALUE);
      }
      if (b.stripTrailingZeros().scale() > MAX_BUDGET_SCALE) {
        throw GatewayError.invalid("Invalid value for 'max_budget_usd': at most " + MAX_BUDGET_SCALE
            + " decimal places.", "max_budget_usd", Reason.INVALID_VALUE);
      }
    }
    atLeastOne("rpm", p.rpm() == null ? null : p.rpm().longValue());
    atLeastOne("tpm", p.tpm());
    atLeastOne("max_parallel", p.maxParallel() == null ? null : p.maxParallel().longValue());
  }

  private static void atLeastOne(String param, Long v) {
    if (v != null && v < 1) {
      throw GatewayError.invalid("Invalid value for '" + param + "': must be at least 1 (or null for no limit).",
          param, Reason.INTEGER_BELOW_MIN_VALUE);
    }
  }

  private static void metadata(String json) {
    if (json.length() > MAX_METADATA_BYTES) {
      throw GatewayError.invalid("Invalid value for 'metadata': at most " + MAX_METADATA_BYTES + " bytes of JSON.",
          "metadata", Reason.INVALID_VALUE);
    }
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (Exception e) {
      n = null;
    }
    if (n == null || !n.isObject()) {
      throw GatewayError.invalid("Invalid type for 'metadata': expected an object.", "metadata", Reason.INVALID_TYPE);
    }
  }
}
