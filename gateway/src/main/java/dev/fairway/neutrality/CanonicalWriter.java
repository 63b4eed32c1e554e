package dev.fairway.neutrality;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A decision record's canonical bytes written field by field on Jackson's streaming generator:
 * the same bytes as {@link DecisionRecords#CANONICAL}'s data binding (keys in alphabetical order
 * of their JSON names, nulls left out, numbers and strings as the generator writes them), which
 * a test checks on every shape of record. On the event loop, between HTTP work, data binding's
 * per-property dispatch cost about 8 µs per record (async-profiler, {@code bench/run load
 * --audit}); this is straight-line code.
 *
 * <p>A field added to {@link DecisionRecord} must be added here in its alphabetical place; the
 * test that compares the two fails until it is.
 */
final class CanonicalWriter {
  private CanonicalWriter() {}

  private static final JsonFactory FACTORY = DecisionRecords.CANONICAL.getFactory();

  static byte[] write(DecisionRecord r) {
    ByteArrayBuilder out = new ByteArrayBuilder(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      record(g, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void record(JsonGenerator g, DecisionRecord r) throws IOException {
    g.writeStartObject();
    if (r.attempts() != null) {
      g.writeFieldName("attempts");
      g.writeStartArray();
      for (DecisionRecord.AttemptEntry a : r.attempts()) {
        if (a == null) {
          g.writeNull();
          continue;
        }
        attempt(g, a);
      }
      g.writeEndArray();
    }
    string(g, "config_hash", r.configHash());
    string(g, "endpoint", r.endpoint());
    if (r.fallbacks() != null) {
      g.writeFieldName("fallbacks");
      g.writeStartArray();
      for (DecisionRecord.Fallback f : r.fallbacks()) {
        if (f == null) {
          g.writeNull();
          continue;
        }
        g.writeStartObject();
        string(g, "model", f.model());
        string(g, "why", f.why());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    string(g, "id", r.id());
    string(g, "prompt_hmac", r.promptHmac());
    string(g, "requested", r.requested());
    if (r.result() != null) {
      DecisionRecord.Result x = r.result();
      g.writeFieldName("result");
      g.writeStartObject();
      string(g, "error", x.error());
      string(g, "outcome", x.outcome());
      g.writeNumberField("status", x.status());
      g.writeEndObject();
    }
    if (r.route() != null) {
      route(g, r.route());
    }
    string(g, "router_model_hash", r.routerModelHash());
    if (r.served() != null) {
      DecisionRecord.Served s = r.served();
      g.writeFieldName("served");
      g.writeStartObject();
      string(g, "deployment", s.deployment());
      string(g, "model", s.model());
      string(g, "provider", s.provider());
      g.writeEndObject();
    }
    string(g, "team", r.team());
    string(g, "tenant", r.tenant());
    g.writeNumberField("time_ms", r.timeMs());
    g.writeNumberField("v", r.v());
    g.writeEndObject();
  }

  private static void attempt(JsonGenerator g, DecisionRecord.AttemptEntry a) throws IOException {
    g.writeStartObject();
    string(g, "deployment", a.deployment());
    string(g, "model", a.model());
    g.writeNumberField("ms", a.ms());
    g.writeNumberField("n", a.n());
    string(g, "outcome", a.outcome());
    string(g, "reason", a.reason());
    g.writeEndObject();
  }

  private static void route(JsonGenerator g, DecisionRecord.Route r) throws IOException {
    g.writeFieldName("route");
    g.writeStartObject();
    if (r.candidates() != null) {
      g.writeFieldName("candidates");
      g.writeStartArray();
      for (DecisionRecord.Candidate c : r.candidates()) {
        if (c == null) {
          g.writeNull();
          continue;
        }
        g.writeStartObject();
        number(g, "cost_usd", c.costUsd());
        string(g, "model", c.model());
        string(g, "owner", c.owner());
        number(g, "quality", c.quality());
        string(g, "quality_source", c.qualitySource());
        number(g, "ttft_ms", c.ttftMs());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (r.dropped() != null) {
      g.writeFieldName("dropped");
      g.writeStartArray();
      for (DecisionRecord.Dropped d : r.dropped()) {
        if (d == null) {
          g.writeNull();
          continue;
        }
        g.writeStartObject();
        string(g, "model", d.model());
        string(g, "reason", d.reason());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeBooleanField("explicit", r.explicit());
    g.writeNumberField("max_ttft_ms", r.maxTtftMs());
    if (r.objective() != null) {
      DecisionRecord.Objective o = r.objective();
      g.writeFieldName("objective");
      g.writeStartObject();
      number(g, "delta", o.delta());
      number(g, "lambda", o.lambda());
      number(g, "mu", o.mu());
      string(g, "type", o.type());
      g.writeEndObject();
    }
    strings(g, "order", r.order());
    if (r.policy() != null) {
      DecisionRecord.Policy p = r.policy();
      g.writeFieldName("policy");
      g.writeStartObject();
      strings(g, "owners", p.owners());
      g.writeNumberField("price_discount", p.priceDiscount());
      g.writeNumberField("quality_bonus", p.qualityBonus());
      g.writeEndObject();
    }
    g.writeBooleanField("policy_changed", r.policyChanged());
    string(g, "reason", r.reason());
    string(g, "router", r.router());
    string(g, "sticky", r.sticky());
    string(g, "task", r.task());
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void number(JsonGenerator g, String name, Double value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value.doubleValue());
    }
  }

  private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
    if (values == null) {
      return;
    }
    g.writeFieldName(name);
    g.writeStartArray();
    for (String v : values) {
      if (v == null) {
        g.writeNull();
      } else {
        g.writeString(v);
      }
    }
    g.writeEndArray();
  }
}
