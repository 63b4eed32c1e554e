package dev.fairway.neutrality;

import dev.fairway.storage.RecordBytes;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision record's bytes in the outbox journal: a compact binary form the request path writes
 * cheaply, from which the outbox writer derives the canonical JSON the log hashes (in batches, off
 * the event loop). Decoding gives back an equal record, so the canonical bytes of a record replayed
 * from the journal after a crash are the ones it would have had.
 *
 * <p>Layout: format byte {@code 1}, then the record's components in declaration order, in
 * {@link RecordBytes}' primitives; a nested record (or a list element) is a presence byte and its
 * components.
 */
public final class DecisionCodec {
  private DecisionCodec() {}

  static final byte FORMAT = 1;

  /** The journal bytes of {@code r}. */
  public static byte[] encode(DecisionRecord r) {
    RecordBytes.Writer o = new RecordBytes.Writer(512);
    o.b(FORMAT);
    o.i(r.v());
    o.s(r.id());
    o.l(r.timeMs());
    o.s(r.endpoint());
    o.s(r.tenant());
    o.s(r.team());
    o.s(r.requested());
    o.s(r.promptHmac());
    o.s(r.configHash());
    o.s(r.routerModelHash());
    DecisionRecord.Route route = r.route();
    if (o.present(route)) {
      o.s(route.router());
      o.bool(route.explicit());
      o.s(route.task());
      DecisionRecord.Objective ob = route.objective();
      if (o.present(ob)) {
        o.s(ob.type());
        o.d(ob.delta());
        o.d(ob.lambda());
        o.d(ob.mu());
      }
      o.dbl(route.maxTtftMs());
      DecisionRecord.Policy p = route.policy();
      if (o.present(p)) {
        o.strings(p.owners());
        o.dbl(p.qualityBonus());
        o.dbl(p.priceDiscount());
      }
      o.bool(route.policyChanged());
      o.s(route.sticky());
      if (o.size(route.candidates())) {
        for (DecisionRecord.Candidate c : route.candidates()) {
          if (o.present(c)) {
            o.s(c.model());
            o.s(c.owner());
            o.d(c.quality());
            o.s(c.qualitySource());
            o.d(c.costUsd());
            o.d(c.ttftMs());
          }
        }
      }
      if (o.size(route.dropped())) {
        for (DecisionRecord.Dropped d : route.dropped()) {
          if (o.present(d)) {
            o.s(d.model());
            o.s(d.reason());
          }
        }
      }
      o.strings(route.order());
      o.s(route.reason());
    }
    if (o.size(r.attempts())) {
      for (DecisionRecord.AttemptEntry a : r.attempts()) {
        if (o.present(a)) {
          o.i(a.n());
          o.s(a.model());
          o.s(a.deployment());
          o.s(a.outcome());
          o.s(a.reason());
          o.l(a.ms());
        }
      }
    }
    if (o.size(r.fallbacks())) {
      for (DecisionRecord.Fallback f : r.fallbacks()) {
        if (o.present(f)) {
          o.s(f.model());
          o.s(f.why());
        }
      }
    }
    DecisionRecord.Served sv = r.served();
    if (o.present(sv)) {
      o.s(sv.model());
      o.s(sv.deployment());
      o.s(sv.provider());
    }
    DecisionRecord.Result res = r.result();
    if (o.present(res)) {
      o.i(res.status());
      o.s(res.outcome());
      o.s(res.error());
    }
    return o.bytes();
  }

  /** The record {@code bytes} encode; IllegalArgumentException when they are not one. */
  public static DecisionRecord decode(byte[] bytes) {
    RecordBytes.Reader in = new RecordBytes.Reader(bytes);
    if (in.b() != FORMAT) {
      throw new IllegalArgumentException("not a decision record of format " + FORMAT);
    }
    int v = in.i();
    String id = in.s();
    long time = in.l();
    String endpoint = in.s();
    String tenant = in.s();
    String team = in.s();
    String requested = in.s();
    String hmac = in.s();
    String configHash = in.s();
    String modelHash = in.s();
    DecisionRecord.Route route = null;
    if (in.present()) {
      String router = in.s();
      boolean explicit = in.bool();
      String task = in.s();
      DecisionRecord.Objective ob = in.present() ? new DecisionRecord.Objective(in.s(), in.d(), in.d(), in.d()) : null;
      double maxTtft = in.dbl();
      DecisionRecord.Policy p = in.present() ? new DecisionRecord.Policy(in.strings(), in.dbl(), in.dbl()) : null;
      boolean changed = in.bool();
      String sticky = in.s();
      List<DecisionRecord.Candidate> cands = null;
      int n = in.size();
      if (n >= 0) {
        cands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          cands.add(in.present() ? new DecisionRecord.Candidate(in.s(), in.s(), in.d(), in.s(), in.d(), in.d()) : null);
        }
      }
      List<DecisionRecord.Dropped> dropped = null;
      n = in.size();
      if (n >= 0) {
        dropped = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          dropped.add(in.present() ? new DecisionRecord.Dropped(in.s(), in.s()) : null);
        }
      }
      List<String> order = in.strings();
      String reason = in.s();
      route = new DecisionRecord.Route(router, explicit, task, ob, maxTtft, p, changed, sticky, cands, dropped, order,
          reason);
    }
    List<DecisionRecord.AttemptEntry> attempts = null;
    int n = in.size();
    if (n >= 0) {
      attempts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        attempts.add(in.present()
            ? new DecisionRecord.AttemptEntry(in.i(), in.s(), in.s(), in.s(), in.s(), in.l()) : null);
      }
    }
    List<DecisionRecord.Fallback> fallbacks = null;
    n = in.size();
    if (n >= 0) {
      fallbacks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        fallbacks.add(in.present() ? new DecisionRecord.Fallback(in.s(), in.s()) : null);
      }
    }
    DecisionRecord.Served served = in.present() ? new DecisionRecord.Served(in.s(), in.s(), in.s()) : null;
    DecisionRecord.Result result = in.present() ? new DecisionRecord.Result(in.i(), in.s(), in.s()) : null;
    in.end();
    return new DecisionRecord(v, id, time, endpoint, tenant, team, requested, hmac, configHash, modelHash, route,
        attempts, fallbacks, served, result);
  }

  /** The canonical bytes of the record {@code bytes} encode (the log's leaf input). */
  public static byte[] canonicalOf(byte[] bytes) {
    return DecisionRecords.canonical(decode(bytes));
  }
}
