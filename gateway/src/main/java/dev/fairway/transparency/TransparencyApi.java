package dev.fairway.transparency;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.ingress.openai.OpenAiIngress;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's HTTP endpoints, as Vert.x handlers. {@link #mount} adds the public ones:
 * <ul>
 *   <li>{@code GET /transparency/key}: the verifier key (text); {@code ?format=json} adds the raw
 *       and PEM public key, {@code ?format=raw} is the 32 raw bytes;
 *   <li>{@code GET /transparency/checkpoint}: the latest signed checkpoint note (text);
 *   <li>{@code GET /transparency/proof/inclusion?decision=ID}: {@code {"leaf_index", "tree_size",
 *       "leaf_hash", "proof", "checkpoint"}} against the latest checkpoint;
 *   <li>{@code GET /transparency/proof/consistency?from=N&to=M}: {@code {"from", "to", "proof"}}.
 * </ul>
 * The gateway mounts {@link #leaf} (behind its tenant check) and {@link #exportLeaves} /
 * {@link #exportCheckpoints} (behind the master key) itself. Hashes are base64; errors are
 * OpenAI's error object naming the parameter. Database reads run on worker threads.
 */
public final class TransparencyApi {
  private static final Logger log = LoggerFactory.getLogger(TransparencyApi.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Base64.Encoder B64 = Base64.getEncoder();
  static final int MAX_PAGE = 10_000;
  static final int DEFAULT_PAGE = 1_000;

  private final TransparencyLog tlog;
  private final Runnable beforeRead;

  TransparencyApi(TransparencyLog tlog, Runnable beforeRead) {
    this.tlog = tlog;
    this.beforeRead = beforeRead;
  }

  /** Mounts the public endpoints under {@code /transparency}. */
  public void mount(Router router) {
    router.get("/transparency/key").handler(this::key);
    router.get("/transparency/checkpoint").handler(this::checkpoint);
    router.get("/transparency/proof/inclusion").handler(this::inclusion);
    router.get("/transparency/proof/consistency").handler(this::consistency);
  }

  /** {@code GET /transparency/key[?format=note|json|raw]}. */
  public void key(RoutingContext rc) {
    guard(rc, () -> {
      Query q = Query.of(rc, Set.of("format"));
      String format = q.optional("format", "note");
      NoteVerifier v = tlog.verifier();
      switch (format) {
        case "note" -> rc.response().putHeader("content-type", "text/plain; charset=utf-8").end(v.text() + "\n");
        case "raw" -> rc.response().putHeader("content-type", "application/octet-stream")
            .end(Buffer.buffer(v.publicKey()));
        case "json" -> {
          ObjectNode o = NODES.objectNode();
          o.put("origin", tlog.origin()).put("key_name", v.name())
              .put("key_id", String.format("%08x", v.keyId())).put("algorithm", "ed25519")
              .put("verifier_key", v.text()).put("public_key", B64.encodeToString(v.publicKey()))
              .put("public_key_pem", v.pem());
          json(rc, o);
        }
        default -> throw GatewayError.invalid("Invalid value for 'format': expected note, json or raw, got '"
            + format + "'.", "format", Reason.UNSUPPORTED_VALUE);
      }
    });
  }

  /** {@code GET /transparency/checkpoint}: the latest signed note. */
  public void checkpoint(RoutingContext rc) {
    guard(rc, () -> {
      Query.of(rc, Set.of());
      rc.response().putHeader("content-type", "text/plain; charset=utf-8").end(tlog.latestCheckpoint().note());
    });
  }

  /** {@code GET /transparency/proof/inclusion?decision=ID}. */
  public void inclusion(RoutingContext rc) {
    guard(rc, () -> {
      String id = decisionParam(Query.of(rc, Set.of("decision")).required("decision"), "decision");
      blockingAfterWrites(rc, () -> tlog.inclusionProof(id), p -> {
        ObjectNode o = NODES.objectNode();
        o.put("decision_id", p.decisionId()).put("leaf_index", p.leafIndex()).put("tree_size", p.treeSize())
            .put("leaf_hash", B64.encodeToString(p.leafHash()));
        o.set("proof", hashes(p.proof()));
        o.put("checkpoint", p.checkpoint());
        json(rc, o);
      });
    });
  }

  /** {@code GET /transparency/proof/consistency?from=N&to=M}. */
  public void consistency(RoutingContext rc) {
    guard(rc, () -> {
      Query q = Query.of(rc, Set.of("from", "to"));
      long from = q.number("from", null);
      long to = q.number("to", null);
      blocking(rc, () -> tlog.consistencyProof(from, to), proof -> {
        ObjectNode o = NODES.objectNode();
        o.put("from", from).put("to", to);
        o.set("proof", hashes(proof));
        json(rc, o);
      });
    });
  }

  /**
   * One decision's leaf: {@code {"decision_id", "leaf_index", "time_ms", "leaf_hash", "canonical"}}
   * (base64). For {@code GET /v1/fairway/decisions/{id}?format=leaf}, after the caller's own checks;
   * it reads no query parameters.
   */
  public void leaf(RoutingContext rc, String decisionId) {
    guard(rc, () -> {
      String id = decisionParam(decisionId, "id");
      blockingAfterWrites(rc, () -> tlog.entry(id).orElseThrow(() -> GatewayError.notFound("No decision '" + id
          + "' is in the transparency log.", "id", Reason.DECISION_NOT_FOUND)), e -> {
        ObjectNode o = NODES.objectNode();
        o.put("decision_id", e.decisionId()).put("leaf_index", e.index()).put("time_ms", e.timeMs())
            .put("leaf_hash", B64.encodeToString(e.leafHash())).put("canonical", B64.encodeToString(e.canonical()));
        json(rc, o);
      });
    });
  }

  /** {@code GET /admin/transparency/export?from_index=&limit=}: leaf lines of the export (JSON lines). */
  public void exportLeaves(RoutingContext rc) {
    guard(rc, () -> {
      Query q = Query.of(rc, Set.of("from_index", "limit"));
      long from = q.number("from_index", 0L);
      int limit = limit(q);
      blockingAfterWrites(rc, () -> tlog.entries(from, limit), entries -> {
        StringBuilder sb = new StringBuilder(entries.size() * 256);
        for (LogEntry e : entries) {
          sb.append(ExportFormat.leaf(e)).append('\n');
        }
        rc.response().putHeader("content-type", "application/x-ndjson").end(sb.toString());
      });
    });
  }

  /** {@code GET /admin/transparency/checkpoints?from_size=&limit=}: checkpoint lines of the export. */
  public void exportCheckpoints(RoutingContext rc) {
    guard(rc, () -> {
      Query q = Query.of(rc, Set.of("from_size", "limit"));
      long from = q.number("from_size", 0L);
      int limit = limit(q);
      blocking(rc, () -> tlog.checkpoints(from, limit), cps -> {
        StringBuilder sb = new StringBuilder();
        for (StoredCheckpoint c : cps) {
          sb.append(ExportFormat.checkpoint(c)).append('\n');
        }
        rc.response().putHeader("content-type", "application/x-ndjson").end(sb.toString());
      });
    });
  }

  private static int limit(Query q) {
    long limit = q.number("limit", (long) DEFAULT_PAGE);
    if (limit < 1 || limit > MAX_PAGE) {
      throw GatewayError.invalid("Invalid value for 'limit': expected 1 to " + MAX_PAGE + ", got " + limit + ".",
          "limit", Reason.INVALID_VALUE);
    }
    return (int) limit;
  }

  private static String decisionParam(String id, String param) {
    if (!LogRecord.isDecisionId(id)) {
      throw GatewayError.invalid("Invalid value for '" + param + "': a decision id is 1 to " + LogRecord.MAX_ID
          + " characters of letters, digits and . _ ~ : -", param, Reason.INVALID_VALUE);
    }
    return id;
  }

  private static ArrayNode hashes(List<byte[]> proof) {
    ArrayNode a = NODES.arrayNode();
    for (byte[] h : proof) {
      a.add(B64.encodeToString(h));
    }
    return a;
  }

  private static void json(RoutingContext rc, ObjectNode o) {
    rc.response().putHeader("content-type", "application/json").end(o.toString());
  }

  /**
   * As {@link #blocking}, for a read of leaves: {@code beforeRead} first, so the records of requests
   * already answered are there. Checkpoints and proofs between them need not wait: only the
   * checkpointer makes those, never the writer.
   */
  private <T> void blockingAfterWrites(RoutingContext rc, Callable<T> work, Consumer<T> done) {
    blocking(rc, () -> {
      beforeRead.run();
      return work.call();
    }, done);
  }

  /** Runs {@code work} on a worker thread (it reads the database), then {@code done} back on the event loop. */
  private static <T> void blocking(RoutingContext rc, Callable<T> work, Consumer<T> done) {
    rc.vertx().executeBlocking(work, false).onComplete(ar -> {
      if (ar.succeeded()) {
        guard(rc, () -> done.accept(ar.result()));
      } else {
        fail(rc, ar.cause());
      }
    });
  }

  private static void guard(RoutingContext rc, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      fail(rc, e);
    }
  }

  private static void fail(RoutingContext rc, Throwable t) {
    if (!(t instanceof GatewayError)) {
      log.warn("transparency endpoint {} failed: {}", rc.request().path(), t.toString());
    }
    OpenAiIngress.error(rc, GatewayError.from(t));
  }

  /** A request's query parameters: only known names, each at most once. */
  private record Query(io.vertx.core.MultiMap params) {
    static Query of(RoutingContext rc, Set<String> known) {
      io.vertx.core.MultiMap p = rc.queryParams();
      for (String name : p.names()) {
        if (!known.contains(name)) {
          throw GatewayError.invalid("Unrecognized query parameter: '" + name + "'.", name, Reason.UNKNOWN_PARAMETER);
        }
        if (p.getAll(name).size() > 1) {
          throw GatewayError.invalid("Query parameter '" + name + "' is given more than once.", name,
              Reason.INVALID_VALUE);
        }
      }
      return new Query(p);
    }

    String required(String name) {
      String v = params.get(name);
      if (v == null || v.isEmpty()) {
        throw GatewayError.invalid("Missing required parameter: '" + name + "'.", name, Reason.MISSING_PARAMETER);
      }
      return v;
    }

    String optional(String name, String dflt) {
      String v = params.get(name);
      return v == null ? dflt : v;
    }

    /** A whole number {@code >= 0}; {@code dflt} when absent, required when {@code dflt} is null. */
    long number(String name, Long dflt) {
      String v = dflt == null ? required(name) : params.get(name);
      if (v == null) {
        return dflt;
      }
      if (!v.matches("[0-9]{1,18}")) {
        throw GatewayError.invalid("Invalid value for '" + name + "': expected a whole number, got '"
            + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'.", name, Reason.INVALID_TYPE);
      }
      return Long.parseLong(v);
    }
  }
}
