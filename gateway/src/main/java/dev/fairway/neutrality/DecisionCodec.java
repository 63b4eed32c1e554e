package dev.fairway.neutrality;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decision record's bytes in the outbox journal: a compact binary form the request path writes
 * cheaply, from which the outbox writer derives the canonical JSON the log hashes (in batches, off
 * the event loop). Decoding gives back an equal record, so the canonical bytes of a record replayed
 * from the journal after a crash are the ones it would have had.
 *
 * <p>Layout: format byte {@code 1}, then the record's components in declaration order. A string
 * is a varint of its UTF-8 length plus one ({@code 0} for null) and the bytes; a list is a varint
 * of its size plus one ({@code 0} for null) and its elements; a nested record is a presence byte
 * and its components; an int or long is a zigzag varint; a double its IEEE bits (8 bytes,
 * big-endian), a nullable one behind a presence byte; a boolean one byte.
 */
public final class DecisionCodec {
  private DecisionCodec() {}

  static final byte FORMAT = 1;

  /** The journal bytes of {@code r}. */
  public static byte[] encode(DecisionRecord r) {
    Out o = new Out();
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
    In in = new In(bytes);
    try {
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
      if (in.pos != bytes.length) {
        throw new IllegalArgumentException("trailing bytes after a decision record");
      }
      return new DecisionRecord(v, id, time, endpoint, tenant, team, requested, hmac, configHash, modelHash, route,
          attempts, fallbacks, served, result);
    } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("a truncated decision record", e);
    }
  }

  /** The canonical bytes of the record {@code bytes} encode (the log's leaf input). */
  public static byte[] canonicalOf(byte[] bytes) {
    return DecisionRecords.canonical(decode(bytes));
  }

  private static final class Out {
    private byte[] buf = new byte[512];
    private int pos;

    private void room(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    void b(int v) {
      room(1);
      buf[pos++] = (byte) v;
    }

    void bool(boolean v) {
      b(v ? 1 : 0);
    }

    void varint(long v) {
      room(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void l(long v) {
      varint((v << 1) ^ (v >> 63));
    }

    void i(int v) {
      l(v);
    }

    void dbl(double v) {
      room(8);
      long bits = Double.doubleToRawLongBits(v);
      for (int s = 56; s >= 0; s -= 8) {
        buf[pos++] = (byte) (bits >>> s);
      }
    }

    void d(Double v) {
      if (present(v)) {
        dbl(v);
      }
    }

    boolean present(Object o) {
      b(o == null ? 0 : 1);
      return o != null;
    }

    /** Writes a list's size (0 for null); true when its elements follow. */
    boolean size(List<?> list) {
      varint(list == null ? 0 : list.size() + 1L);
      return list != null;
    }

    void s(String v) {
      if (v == null) {
        varint(0);
        return;
      }
      int n = v.length();
      boolean ascii = true;
      for (int i = 0; i < n && ascii; i++) {
        ascii = v.charAt(i) < 0x80;
      }
      if (ascii) { // the usual case: ids, model names, reasons; one byte a char, no array in between
        varint(n + 1L);
        room(n);
        for (int i = 0; i < n; i++) {
          buf[pos++] = (byte) v.charAt(i);
        }
        return;
      }
      byte[] u = v.getBytes(StandardCharsets.UTF_8);
      varint(u.length + 1L);
      room(u.length);
      System.arraycopy(u, 0, buf, pos, u.length);
      pos += u.length;
    }

    void strings(List<String> list) {
      if (size(list)) {
        for (String v : list) {
          s(v);
        }
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, pos);
    }
  }

  private static final class In {
    private final byte[] buf;
    private int pos;

    In(byte[] buf) {
      this.buf = buf;
    }

    int b() {
      return buf[pos++];
    }

    boolean bool() {
      int v = b();
      if (v != 0 && v != 1) {
        throw new IllegalArgumentException("a boolean of " + v);
      }
      return v == 1;
    }

    boolean present() {
      return bool();
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = buf[pos++];
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("a varint of more than ten bytes");
    }

    long l() {
      long z = varint();
      return (z >>> 1) ^ -(z & 1);
    }

    int i() {
      long v = l();
      if (v != (int) v) {
        throw new IllegalArgumentException("an int out of range");
      }
      return (int) v;
    }

    double dbl() {
      long bits = 0;
      for (int k = 0; k < 8; k++) {
        bits = (bits << 8) | (buf[pos++] & 0xFF);
      }
      return Double.longBitsToDouble(bits);
    }

    Double d() {
      return present() ? dbl() : null;
    }

    /** A list's size, or -1 for null. */
    int size() {
      long n = varint() - 1;
      if (n > buf.length - pos) {
        throw new IllegalArgumentException("a list longer than the record");
      }
      return (int) n;
    }

    String s() {
      long n = varint() - 1;
      if (n < 0) {
        return null;
      }
      if (n > buf.length - pos) {
        throw new IllegalArgumentException("a string longer than the record");
      }
      String v = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
      return v;
    }

    List<String> strings() {
      int n = size();
      if (n < 0) {
        return null;
      }
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(s());
      }
      return out;
    }
  }
}
