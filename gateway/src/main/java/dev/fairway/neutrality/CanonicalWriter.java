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
    array(g, "attempts", r.attempts(), CanonicalWriter::attempt);
    string(g, "config_hash", r.configHash());
    string(g, "endpoint", r.endpoint());
    array(g, "fallbacks", r.fallbacks(), (gen, f) -> {
      gen.writeStartObject();
      string(gen, "model", f.model());
      string(gen, "why", f.why());
      gen.writeEndObject();
    });
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
    array(g, "candidates", r.candidates(), (gen, c) -> {
      gen.writeStartObject();
      number(gen, "cost_usd", c.costUsd());
      string(gen, "model", c.model());
      string(gen, "owner", c.owner());
      number(gen, "quality", c.quality());
      string(gen, "quality_source", c.qualitySource());
      number(gen, "ttft_ms", c.ttftMs());
      gen.writeEndObject();
    });
    array(g, "dropped", r.dropped(), (gen, d) -> {
      gen.writeStartObject();
      string(gen, "model", d.model());
      string(gen, "reason", d.reason());
      gen.writeEndObject();
    });
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
    array(g, name, values, JsonGenerator::writeString);
  }

  /** Writes one element of an array (never null: {@link #array} writes a null element as null). */
  @FunctionalInterface
  private interface Element<T> {
    void write(JsonGenerator g, T value) throws IOException;
  }

  /** Field {@code name} as an array of {@code values}, each by {@code element}; nothing when the list is null. */
  private static <T> void array(JsonGenerator g, String name, List<T> values, Element<T> element) throws IOException {
    if (values == null) {
      return;
    }
    g.writeFieldName(name);
    g.writeStartArray();
    for (T v : values) {
      if (v == null) {
        g.writeNull();
      } else {
        element.write(g, v);
      }
    }
    g.writeEndArray();
  }
}
