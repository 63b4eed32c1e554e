package dev.fairway.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.ledger.SpendReports.GroupBy;
import dev.fairway.storage.StorageException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's HTTP surface, as Vert.x handlers: {@code GET /admin/spend} (JSON or CSV),
 * {@code GET /admin/requests} (the paged request log) and the body of {@code GET /v1/fairway/usage}
 * (one key's own spend). Parameters are checked on the event loop (a bad one is a 400 in OpenAI's
 * error format naming it); queries run on Vert.x's worker pool. Authentication is not done here:
 * mount these behind the handler that checks the master key or the virtual key.
 */
public final class SpendApi {
  private static final Logger LOG = LoggerFactory.getLogger(SpendApi.class);
  private static final JsonFactory JSON = new JsonFactory();
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  private static final Set<String> SPEND_PARAMS = Set.of("from", "to", "group_by", "format");
  private static final Set<String> REQUEST_PARAMS = Set.of("from", "to", "key", "model", "status", "limit", "cursor");
  private static final Map<String, GroupBy> GROUPS = Arrays.stream(GroupBy.values())
      .collect(Collectors.toMap(GroupBy::wireName, Function.identity()));
  /** A key's own usage: grouping by key or team would only show itself. */
  private static final Map<String, GroupBy> USAGE_GROUPS = Map.of("model", GroupBy.MODEL, "provider", GroupBy.PROVIDER,
      "endpoint", GroupBy.ENDPOINT, "day", GroupBy.DAY, "user", GroupBy.USER);

  private final SpendReports reports;
  private final Clock clock;
  private final Runnable beforeRead;

  public SpendApi(SpendReports reports, Clock clock) {
    this(reports, clock, () -> {});
  }

  /**
   * @param beforeRead run on the worker thread before every query: waits until the rows of the
   *     requests answered so far are written, so a report sees them (the outbox's read-your-writes)
   */
  public SpendApi(SpendReports reports, Clock clock, Runnable beforeRead) {
    this.reports = reports;
    this.clock = clock;
    this.beforeRead = beforeRead;
  }

  /** {@code GET /admin/spend?from=&to=&group_by=key|team|model|provider|endpoint|day|user&format=json|csv}. */
  public void spend(RoutingContext rc) {
    spendOf(rc, null, GROUPS, "spend");
  }

  /**
   * The body of {@code GET /v1/fairway/usage} for the key {@code keyId} (already authenticated):
   * that key's spend only, grouped by {@code model} unless {@code group_by} says otherwise.
   */
  public void usage(RoutingContext rc, String keyId) {
    spendOf(rc, keyId, USAGE_GROUPS, "usage");
  }

  private void spendOf(RoutingContext rc, String keyId, Map<String, GroupBy> groups, String object) {
    long from;
    long to;
    GroupBy by;
    boolean csv;
    try {
      QueryParams q = new QueryParams(rc.request().params(), SPEND_PARAMS);
      long now = clock.millis();
      from = q.time("from", startOfMonth(now));
      to = q.time("to", now);
      if (to <= from) {
        throw QueryParams.invalid("to", "must be after 'from' (the range is [from, to)).");
      }
      by = groups.get(q.choice("group_by", groups.keySet(), "model"));
      csv = q.choice("format", Set.of("json", "csv"), "json").equals("csv");
    } catch (GatewayError e) {
      OpenAiIngress.error(rc, e);
      return;
    }
    long f = from;
    long t = to;
    run(rc, () -> reports.spend(f, t, by, keyId), s -> {
      if (csv) {
        rc.response().putHeader("content-type", "text/csv; charset=utf-8").end(Buffer.buffer(SpendCsv.of(s)));
      } else {
        rc.response().putHeader("content-type", "application/json").end(Buffer.buffer(spendJson(s, object, keyId)));
      }
    });
  }

  /** {@code GET /admin/requests?from=&to=&key=&model=&status=&limit=&cursor=}: newest first. */
  public void requests(RoutingContext rc) {
    SpendReports.RequestFilter filter;
    try {
      QueryParams q = new QueryParams(rc.request().params(), REQUEST_PARAMS);
      long from = q.time("from", 0);
      long to = q.time("to", Long.MAX_VALUE);
      if (to <= from) {
        throw QueryParams.invalid("to", "must be after 'from' (the range is [from, to)).");
      }
      int[] status = status(q.get("status"));
      int limit = q.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
      RequestCursor after = null;
      if (q.get("cursor") != null) {
        try {
          after = RequestCursor.decode(q.get("cursor"));
        } catch (IllegalArgumentException e) {
          throw QueryParams.invalid("cursor", "not a cursor from a previous page's next_cursor.");
        }
      }
      filter = new SpendReports.RequestFilter(from, to, q.get("key"), q.get("model"), status[0], status[1], limit, after);
    } catch (GatewayError e) {
      OpenAiIngress.error(rc, e);
      return;
    }
    run(rc, () -> reports.requests(filter),
        p -> rc.response().putHeader("content-type", "application/json").end(Buffer.buffer(pageJson(p))));
  }

  /** A status filter: one HTTP status, or {@code ok} (below 400) or {@code error} (400 and above). */
  private static int[] status(String v) {
    if (v == null) {
      return new int[] {0, 0};
    }
    switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "ok":
        return new int[] {100, 399};
      case "error":
        return new int[] {400, 599};
      default:
        try {
          int s = Integer.parseInt(v);
          if (s >= 100 && s <= 599) {
            return new int[] {s, s};
          }
        } catch (NumberFormatException ignored) {
          // fall through
        }
        throw QueryParams.invalid("status", "expected an HTTP status (100 to 599), 'ok' or 'error', got '"
            + (v.length() > 32 ? v.substring(0, 32) + "..." : v) + "'.");
    }
  }

  private <T> void run(RoutingContext rc, Callable<T> query, java.util.function.Consumer<T> answer) {
    rc.vertx().executeBlocking(() -> {
      beforeRead.run();
      return query.call();
    }, false).onComplete(ar -> {
      if (rc.response().closed()) {
        return;
      }
      if (ar.succeeded()) {
        answer.accept(ar.result());
      } else if (ar.cause() instanceof StorageException e) {
        LOG.warn("ledger report failed: {}", e.getMessage());
        OpenAiIngress.error(rc, GatewayError.of(ErrorKind.UNAVAILABLE, Reason.STORAGE_UNAVAILABLE,
            "The ledger database is unavailable; try again shortly. Requests are still served and recorded."));
      } else {
        LOG.error("ledger report failed", ar.cause());
        OpenAiIngress.error(rc, GatewayError.from(ar.cause()));
      }
    });
  }

  static long startOfMonth(long nowMs) {
    ZonedDateTime t = Instant.ofEpochMilli(nowMs).atZone(ZoneOffset.UTC);
    return t.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  static byte[] spendJson(SpendReports.Spend s, String object, String keyId) {
    return json(g -> {
      g.writeStartObject();
      g.writeStringField("object", object);
      if (keyId != null) {
        g.writeStringField("key_id", keyId);
      }
      g.writeStringField("from", Instant.ofEpochMilli(s.fromMs()).toString());
      g.writeStringField("to", Instant.ofEpochMilli(s.toMs()).toString());
      g.writeStringField("group_by", s.groupBy().wireName());
      g.writeArrayFieldStart("rows");
      for (SpendReports.SpendRow r : s.rows()) {
        g.writeStartObject();
        g.writeStringField("group", r.group());
        g.writeNumberField("requests", r.requests());
        g.writeNumberField("failures", r.failures());
        g.writeNumberField("input_tokens", r.inputTokens());
        g.writeNumberField("cached_input_tokens", r.cachedInputTokens());
        g.writeNumberField("cache_write_tokens", r.cacheWriteTokens());
        g.writeNumberField("output_tokens", r.outputTokens());
        g.writeNumberField("reasoning_tokens", r.reasoningTokens());
        g.writeStringField("cost_usd", Costs.format(r.costUsd()));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("requests", s.requests());
      g.writeStringField("total_cost_usd", Costs.format(s.totalCostUsd()));
      g.writeEndObject();
    });
  }

  static byte[] pageJson(SpendReports.Page p) {
    return json(g -> {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      for (LedgerRow r : p.rows()) {
        row(g, r);
      }
      g.writeEndArray();
      g.writeStringField("next_cursor", p.next() == null ? null : p.next().encode());
      g.writeEndObject();
    });
  }

  private static void row(JsonGenerator g, LedgerRow r) throws IOException {
    g.writeStartObject();
    g.writeStringField("request_id", r.requestId());
    g.writeStringField("started_at", Instant.ofEpochMilli(r.startedMs()).toString());
    g.writeNumberField("started_ms", r.startedMs());
    g.writeNumberField("finished_ms", r.finishedMs());
    g.writeStringField("key_id", r.keyId());
    g.writeStringField("team", r.team());
    g.writeStringField("user", r.endUser());
    g.writeStringField("protocol", r.protocol());
    g.writeStringField("endpoint", r.endpoint());
    g.writeStringField("requested_model", r.requestedModel());
    g.writeStringField("model", r.servedModel());
    g.writeStringField("provider", r.provider());
    g.writeStringField("deployment", r.deployment());
    g.writeNumberField("attempts", r.attempts());
    g.writeNumberField("status", r.status());
    g.writeStringField("error_kind", r.errorKind());
    g.writeNumberField("input_tokens", r.inputTokens());
    g.writeNumberField("cached_input_tokens", r.cachedInputTokens());
    g.writeNumberField("cache_write_tokens", r.cacheWriteTokens());
    g.writeNumberField("output_tokens", r.outputTokens());
    g.writeNumberField("reasoning_tokens", r.reasoningTokens());
    g.writeBooleanField("usage_estimated", r.usageEstimated());
    g.writeStringField("cost_usd", Costs.format(r.costUsd()));
    g.writeNumberField("latency_ms", r.latencyMs());
    if (r.ttftMs() == null) {
      g.writeNullField("ttft_ms");
    } else {
      g.writeNumberField("ttft_ms", r.ttftMs());
    }
    g.writeBooleanField("stream", r.stream());
    g.writeBooleanField("cache_hit", r.cacheHit());
    g.writeStringField("decision_id", r.decisionId());
    g.writeObjectFieldStart("tags");
    for (Map.Entry<String, String> t : r.tags().entrySet()) {
      g.writeStringField(t.getKey(), t.getValue());
    }
    g.writeEndObject();
    if (r.content() != null) {
      g.writeStringField("prompt", r.content().prompt());
      g.writeStringField("completion", r.content().completion());
    }
    g.writeEndObject();
  }

  private interface Writes {
    void to(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Writes w) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      w.to(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
