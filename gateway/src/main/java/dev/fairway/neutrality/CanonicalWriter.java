package dev.fairway.neutrality;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.fairway.storage.JsonBytes;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * A decision record's canonical bytes written field by field on Jackson's streaming generator:
 * the same bytes as {@link DecisionRecords#CANONICAL}'s data binding (keys in alphabetical order
 * of their JSON names, nulls left out, numbers and strings as the generator writes them), which
 * a test checks on every shape of record. On the event loop, between HTTP work, data binding's
 * per-property dispatch cost about 8 µs per record (async-profiler, {@code bench/run load
 * --audit}); this is straight-line code.
 *
 * <p>Each thread writes record after record on one generator ({@link JsonBytes}), and the field
 * names are quoted once, ahead.
 *
 * <p>A field added to {@link DecisionRecord} must be added here in its alphabetical place; the
 * test that compares the two fails until it is.
 */
final class CanonicalWriter {
  private CanonicalWriter() {}

  private static final JsonBytes OUT = new JsonBytes(DecisionRecords.CANONICAL.getFactory(), 1024);

  // The field names, quoted once.
  private static final SerializableString ATTEMPTS = new SerializedString("attempts");
  private static final SerializableString CANDIDATES = new SerializedString("candidates");
  private static final SerializableString CONFIG_HASH = new SerializedString("config_hash");
  private static final SerializableString COST_USD = new SerializedString("cost_usd");
  private static final SerializableString DELTA = new SerializedString("delta");
  private static final SerializableString DEPLOYMENT = new SerializedString("deployment");
  private static final SerializableString DROPPED = new SerializedString("dropped");
  private static final SerializableString ENDPOINT = new SerializedString("endpoint");
  private static final SerializableString ERROR = new SerializedString("error");
  private static final SerializableString EXPLICIT = new SerializedString("explicit");
  private static final SerializableString FALLBACKS = new SerializedString("fallbacks");
  private static final SerializableString ID = new SerializedString("id");
  private static final SerializableString LAMBDA = new SerializedString("lambda");
  private static final SerializableString MAX_TTFT_MS = new SerializedString("max_ttft_ms");
  private static final SerializableString MODEL = new SerializedString("model");
  private static final SerializableString MS = new SerializedString("ms");
  private static final SerializableString MU = new SerializedString("mu");
  private static final SerializableString N = new SerializedString("n");
  private static final SerializableString OBJECTIVE = new SerializedString("objective");
  private static final SerializableString ORDER = new SerializedString("order");
  private static final SerializableString OUTCOME = new SerializedString("outcome");
  private static final SerializableString OWNER = new SerializedString("owner");
  private static final SerializableString OWNERS = new SerializedString("owners");
  private static final SerializableString POLICY = new SerializedString("policy");
  private static final SerializableString POLICY_CHANGED = new SerializedString("policy_changed");
  private static final SerializableString PRICE_DISCOUNT = new SerializedString("price_discount");
  private static final SerializableString PROMPT_HMAC = new SerializedString("prompt_hmac");
  private static final SerializableString PROVIDER = new SerializedString("provider");
  private static final SerializableString QUALITY = new SerializedString("quality");
  private static final SerializableString QUALITY_BONUS = new SerializedString("quality_bonus");
  private static final SerializableString QUALITY_SOURCE = new SerializedString("quality_source");
  private static final SerializableString REASON = new SerializedString("reason");
  private static final SerializableString REQUESTED = new SerializedString("requested");
  private static final SerializableString RESULT = new SerializedString("result");
  private static final SerializableString ROUTE = new SerializedString("route");
  private static final SerializableString ROUTER = new SerializedString("router");
  private static final SerializableString ROUTER_MODEL_HASH = new SerializedString("router_model_hash");
  private static final SerializableString SERVED = new SerializedString("served");
  private static final SerializableString STATUS = new SerializedString("status");
  private static final SerializableString STICKY = new SerializedString("sticky");
  private static final SerializableString TASK = new SerializedString("task");
  private static final SerializableString TEAM = new SerializedString("team");
  private static final SerializableString TENANT = new SerializedString("tenant");
  private static final SerializableString TIME_MS = new SerializedString("time_ms");
  private static final SerializableString TTFT_MS = new SerializedString("ttft_ms");
  private static final SerializableString TYPE = new SerializedString("type");
  private static final SerializableString V = new SerializedString("v");
  private static final SerializableString WHY = new SerializedString("why");

  static byte[] write(DecisionRecord r) {
    return OUT.write(g -> record(g, r));
  }

  private static void record(JsonGenerator g, DecisionRecord r) throws IOException {
    g.writeStartObject();
    array(g, ATTEMPTS, r.attempts(), CanonicalWriter::attempt);
    known(g, CONFIG_HASH, r.configHash());
    known(g, ENDPOINT, r.endpoint());
    array(g, FALLBACKS, r.fallbacks(), (gen, f) -> {
      gen.writeStartObject();
      known(gen, MODEL, f.model());
      string(gen, WHY, f.why());
      gen.writeEndObject();
    });
    string(g, ID, r.id());
    string(g, PROMPT_HMAC, r.promptHmac());
    string(g, REQUESTED, r.requested());
    if (r.result() != null) {
      DecisionRecord.Result x = r.result();
      g.writeFieldName(RESULT);
      g.writeStartObject();
      string(g, ERROR, x.error());
      string(g, OUTCOME, x.outcome());
      g.writeFieldName(STATUS);
      g.writeNumber(x.status());
      g.writeEndObject();
    }
    if (r.route() != null) {
      route(g, r.route());
    }
    known(g, ROUTER_MODEL_HASH, r.routerModelHash());
    if (r.served() != null) {
      DecisionRecord.Served s = r.served();
      g.writeFieldName(SERVED);
      g.writeStartObject();
      known(g, DEPLOYMENT, s.deployment());
      known(g, MODEL, s.model());
      known(g, PROVIDER, s.provider());
      g.writeEndObject();
    }
    known(g, TEAM, r.team());
    known(g, TENANT, r.tenant());
    g.writeFieldName(TIME_MS);
      g.writeNumber(r.timeMs());
    g.writeFieldName(V);
      g.writeNumber(r.v());
    g.writeEndObject();
  }

  private static void attempt(JsonGenerator g, DecisionRecord.AttemptEntry a) throws IOException {
    g.writeStartObject();
    known(g, DEPLOYMENT, a.deployment());
    known(g, MODEL, a.model());
    g.writeFieldName(MS);
      g.writeNumber(a.ms());
    g.writeFieldName(N);
      g.writeNumber(a.n());
    known(g, OUTCOME, a.outcome());
    string(g, REASON, a.reason());
    g.writeEndObject();
  }

  private static void route(JsonGenerator g, DecisionRecord.Route r) throws IOException {
    g.writeFieldName(ROUTE);
    g.writeStartObject();
    array(g, CANDIDATES, r.candidates(), (gen, c) -> {
      gen.writeStartObject();
      number(gen, COST_USD, c.costUsd());
      known(gen, MODEL, c.model());
      known(gen, OWNER, c.owner());
      number(gen, QUALITY, c.quality());
      known(gen, QUALITY_SOURCE, c.qualitySource());
      number(gen, TTFT_MS, c.ttftMs());
      gen.writeEndObject();
    });
    array(g, DROPPED, r.dropped(), (gen, d) -> {
      gen.writeStartObject();
      string(gen, MODEL, d.model());
      string(gen, REASON, d.reason());
      gen.writeEndObject();
    });
    g.writeFieldName(EXPLICIT);
      g.writeBoolean(r.explicit());
    g.writeFieldName(MAX_TTFT_MS);
      g.writeNumber(r.maxTtftMs());
    if (r.objective() != null) {
      DecisionRecord.Objective o = r.objective();
      g.writeFieldName(OBJECTIVE);
      g.writeStartObject();
      number(g, DELTA, o.delta());
      number(g, LAMBDA, o.lambda());
      number(g, MU, o.mu());
      known(g, TYPE, o.type());
      g.writeEndObject();
    }
    knownStrings(g, ORDER, r.order());
    if (r.policy() != null) {
      DecisionRecord.Policy p = r.policy();
      g.writeFieldName(POLICY);
      g.writeStartObject();
      knownStrings(g, OWNERS, p.owners());
      g.writeFieldName(PRICE_DISCOUNT);
      g.writeNumber(p.priceDiscount());
      g.writeFieldName(QUALITY_BONUS);
      g.writeNumber(p.qualityBonus());
      g.writeEndObject();
    }
    g.writeFieldName(POLICY_CHANGED);
      g.writeBoolean(r.policyChanged());
    known(g, REASON, r.reason());
    known(g, ROUTER, r.router());
    string(g, STICKY, r.sticky());
    string(g, TASK, r.task());
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, SerializableString name, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      g.writeString(value);
    }
  }

  /**
   * Field {@code name} with a value that is, record after record, one of a few String objects
   * (model, deployment and provider ids from the catalog, the configuration's hashes, labels): it
   * is written from its quoted bytes, escaped once per thread and object, not char by char each
   * time. Another object with the same text gets an entry of its own; the cache is cleared when full.
   */
  private static void known(JsonGenerator g, SerializableString name, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      knownValue(g, value);
    }
  }

  private static void knownStrings(JsonGenerator g, SerializableString name, List<String> values) throws IOException {
    array(g, name, values, CanonicalWriter::knownValue);
  }

  private static void knownValue(JsonGenerator g, String value) throws IOException {
    SerializableString q = quoted(value);
    if (q == AS_IS) {
      g.writeString(value);
    } else {
      g.writeString(q);
    }
  }

  /**
   * Marks a string the generator must write itself: it writes a surrogate pair as two escaped
   * UTF-16 units, where quoted bytes hold the pair's UTF-8, and the canonical bytes are the generator's.
   */
  private static final SerializableString AS_IS = new SerializedString("");

  private static final int KNOWN_MAX = 512;
  private static final ThreadLocal<IdentityHashMap<String, SerializableString>> KNOWN =
      ThreadLocal.withInitial(IdentityHashMap::new);

  private static SerializableString quoted(String v) {
    IdentityHashMap<String, SerializableString> known = KNOWN.get();
    SerializableString q = known.get(v);
    if (q == null) {
      if (known.size() >= KNOWN_MAX) {
        known.clear();
      }
      q = hasSurrogate(v) ? AS_IS : new SerializedString(v);
      known.put(v, q);
    }
    return q;
  }

  private static boolean hasSurrogate(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (Character.isSurrogate(v.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static void number(JsonGenerator g, SerializableString name, Double value) throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      g.writeNumber(value.doubleValue());
    }
  }

  private static void strings(JsonGenerator g, SerializableString name, List<String> values) throws IOException {
    array(g, name, values, JsonGenerator::writeString);
  }

  /** Writes one element of an array (never null: {@link #array} writes a null element as null). */
  @FunctionalInterface
  private interface Element<T> {
    void write(JsonGenerator g, T value) throws IOException;
  }

  /** Field {@code name} as an array of {@code values}, each by {@code element}; nothing when the list is null. */
  private static <T> void array(JsonGenerator g, SerializableString name, List<T> values, Element<T> element) throws IOException {
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
