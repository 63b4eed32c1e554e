package dev.fairway.tenancy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Counters} for one gateway instance: a lock per scope, taken for every scope of a
 * reservation at once (keys before teams, so two reservations never wait on each other in a
 * cycle) while all limits are checked and then all are charged. A critical section is a few
 * decimal additions and window updates; nothing in it blocks.
 *
 * <p>The store receives increments, never totals ({@link #takeDirtySpend}), so instances sharing
 * a database add their spend up instead of overwriting each other's.
 *
 * <p>Money in flight is held per scope, not per period: a request reserved just before a period
 * ends still holds its reservation in the next period until it settles, and its actual cost is
 * charged to the period in which it settles. Both choices keep the settled spend of every period
 * within its budget (whenever a request costs no more than it reserved).
 */
final class InProcessCounters implements Counters {
  private static final long UNSET = Long.MIN_VALUE;
  private static final long NO_STAMP = -1;
  private static final Hold EMPTY = new Hold() {};

  private final ConcurrentHashMap<Scope.Id, State> states = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<State> dirty = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<SpendRecord> closedPeriods = new ConcurrentLinkedQueue<>();

  @Override
  public Admission reserve(List<Scope> scopes, BigDecimal costUsd, long tokens, long nowMs) {
    int n = scopes.size();
    if (n == 0) {
      return new Admitted(EMPTY, RateLimitHeaders.NONE);
    }
    if (costUsd.signum() < 0 || tokens < 0) {
      throw new IllegalArgumentException("a reservation cannot be negative");
    }
    State[] st = new State[n];
    for (int i = 0; i < n; i++) {
      st[i] = state(scopes.get(i).id());
    }
    State[] order = lockOrder(st);
    for (State s : order) {
      s.lock.lock();
    }
    try {
      for (int i = 0; i < n; i++) {
        LimitRefusal r = st[i].check(scopes.get(i), costUsd, tokens, nowMs);
        if (r != null) {
          return r;
        }
      }
      long[] stamps = new long[n];
      for (int i = 0; i < n; i++) {
        stamps[i] = st[i].charge(scopes.get(i).policy(), costUsd, tokens, nowMs);
      }
      return new Admitted(new InHold(st, scopes, costUsd, tokens, stamps), headers(st, scopes, nowMs));
    } finally {
      for (int i = order.length - 1; i >= 0; i--) {
        order[i].lock.unlock();
      }
    }
  }

  /** Keys before teams, then by id: one global order, so lock acquisition can never deadlock. */
  private static State[] lockOrder(State[] st) {
    if (st.length == 1 || st.length == 2 && before(st[0], st[1])) {
      return st; // the usual case, key then team, costs nothing
    }
    State[] o = st.clone();
    java.util.Arrays.sort(o, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
    return o;
  }

  private static boolean before(State a, State b) {
    int c = a.id.kind().compareTo(b.id.kind());
    return c != 0 ? c < 0 : a.id.id().compareTo(b.id.id()) < 0;
  }

  private static RateLimitHeaders headers(State[] st, List<Scope> scopes, long nowMs) {
    long limR = -1;
    long remR = Long.MAX_VALUE;
    long resetR = 0;
    long limT = -1;
    long remT = Long.MAX_VALUE;
    long resetT = 0;
    for (int i = 0; i < st.length; i++) {
      Policy p = scopes.get(i).policy();
      if (p.rpm() != null) {
        long rem = p.rpm() - st[i].requests.used(nowMs);
        if (rem < remR) {
          remR = rem;
          limR = p.rpm();
          resetR = st[i].requests.resetMs(nowMs);
        }
      }
      if (p.tpm() != null) {
        long rem = p.tpm() - st[i].tokens.used(nowMs);
        if (rem < remT) {
          remT = rem;
          limT = p.tpm();
          resetT = st[i].tokens.resetMs(nowMs);
        }
      }
    }
    if (limR < 0 && limT < 0) {
      return RateLimitHeaders.NONE;
    }
    return new RateLimitHeaders(limR, limR < 0 ? -1 : remR, limR < 0 ? -1 : resetR, limT, limT < 0 ? -1 : remT,
        limT < 0 ? -1 : resetT);
  }

  @Override
  public void settle(Hold hold, BigDecimal actualCostUsd, long actualTokens, long nowMs) {
    if (!(hold instanceof InHold h)) {
      return;
    }
    for (int i = 0; i < h.states.length; i++) {
      State s = h.states[i];
      s.lock.lock();
      try {
        s.roll(h.scopes.get(i).policy().budgetPeriod(), nowMs);
        s.unreserve(h.costUsd);
        if (actualCostUsd.signum() != 0) {
          s.spent = s.spent.add(actualCostUsd);
          s.unwritten = s.unwritten.add(actualCostUsd);
          markDirty(s);
        }
        if (h.stamps[i] != NO_STAMP) {
          s.tokens.adjust(h.stamps[i], actualTokens - h.tokens, nowMs);
        }
        s.inFlight--;
      } finally {
        s.lock.unlock();
      }
    }
  }

  @Override
  public void release(Hold hold) {
    if (!(hold instanceof InHold h)) {
      return;
    }
    for (int i = 0; i < h.states.length; i++) {
      State s = h.states[i];
      s.lock.lock();
      try {
        s.unreserve(h.costUsd);
        if (h.stamps[i] != NO_STAMP) {
          s.tokens.adjust(h.stamps[i], -h.tokens, h.stamps[i]);
        }
        s.inFlight--;
      } finally {
        s.lock.unlock();
      }
    }
  }

  @Override
  public ScopeUsage usage(Scope scope, long nowMs) {
    State s = state(scope.id());
    s.lock.lock();
    try {
      s.roll(scope.policy().budgetPeriod(), nowMs);
      return new ScopeUsage(s.spent, s.reserved, s.periodStart, s.periodEnd,
          s.requests.used(nowMs), s.tokens.used(nowMs), s.inFlight, s.requests.resetMs(nowMs),
          s.tokens.resetMs(nowMs));
    } finally {
      s.lock.unlock();
    }
  }

  @Override
  public void restore(Collection<SpendRecord> records) {
    for (SpendRecord r : records) {
      State s = state(r.scope());
      s.lock.lock();
      try {
        if (s.periodStart == UNSET || r.periodStartMs() > s.periodStart) {
          s.periodStart = r.periodStartMs();
          s.period = null; // its period is checked at first use
          s.spent = r.spendUsd();
        }
      } finally {
        s.lock.unlock();
      }
    }
  }

  @Override
  public List<SpendRecord> takeDirtySpend() {
    List<SpendRecord> out = new ArrayList<>();
    for (SpendRecord r; (r = closedPeriods.poll()) != null; ) {
      out.add(r);
    }
    for (State s; (s = dirty.poll()) != null; ) {
      s.lock.lock();
      try {
        s.queued = false;
        if (s.dirty && !s.forgotten && s.unwritten.signum() != 0) {
          out.add(new SpendRecord(s.id, s.periodStart, s.unwritten));
        }
        s.unwritten = BigDecimal.ZERO;
        s.dirty = false;
      } finally {
        s.lock.unlock();
      }
    }
    return out;
  }

  @Override
  public void putBack(Collection<SpendRecord> unwritten) {
    for (SpendRecord r : unwritten) {
      State s = state(r.scope());
      s.lock.lock();
      try {
        if (r.periodStartMs() == s.periodStart) {
          s.unwritten = s.unwritten.add(r.spendUsd());
          markDirty(s);
        } else {
          closedPeriods.add(r);
        }
      } finally {
        s.lock.unlock();
      }
    }
  }

  /** Requests still in flight settle into the dropped counters, which are never written. */
  @Override
  public void forget(Scope.Id id) {
    State s = states.remove(id);
    if (s != null) {
      s.lock.lock();
      try {
        s.forgotten = true;
      } finally {
        s.lock.unlock();
      }
    }
  }

  private State state(Scope.Id id) {
    State s = states.get(id);
    return s != null ? s : states.computeIfAbsent(id, State::new);
  }

  private void markDirty(State s) {
    s.dirty = true;
    if (!s.queued) {
      s.queued = true;
      dirty.add(s);
    }
  }

  /** One scope's counters; every field is guarded by {@link #lock}. */
  private final class State {
    final Scope.Id id;
    final ReentrantLock lock = new ReentrantLock();
    long periodStart = UNSET;
    /** The period {@link #periodStart} belongs to and its end: most calls need not compute either. */
    BudgetPeriod period;
    long periodEnd;
    BigDecimal spent = BigDecimal.ZERO;
    BigDecimal reserved = BigDecimal.ZERO;
    /** Spend settled here since it was last taken for the store (added to the stored total). */
    BigDecimal unwritten = BigDecimal.ZERO;
    final SlidingWindow requests = new SlidingWindow();
    final SlidingWindow tokens = new SlidingWindow();
    int inFlight;
    boolean dirty;
    boolean queued;
    boolean forgotten;

    State(Scope.Id id) {
      this.id = id;
    }

    /** Starts a new budget period when the current one has ended; the old one's spend goes to the store. */
    void roll(BudgetPeriod p, long nowMs) {
      if (p == period && nowMs >= periodStart && nowMs < periodEnd) {
        return;
      }
      if (p == period && nowMs < periodStart) {
        return; // the wall clock stepped back: never reopen an earlier period
      }
      long start = p.start(nowMs);
      period = p;
      periodEnd = p.end(start);
      if (start == periodStart) {
        return;
      }
      if (periodStart != UNSET && unwritten.signum() != 0 && !forgotten) {
        closedPeriods.add(new SpendRecord(id, periodStart, unwritten));
      }
      periodStart = start;
      spent = BigDecimal.ZERO;
      unwritten = BigDecimal.ZERO;
      dirty = false;
    }

    /** The first limit this reservation would pass, or null when it fits them all. */
    LimitRefusal check(Scope scope, BigDecimal cost, long tokensWanted, long nowMs) {
      Policy p = scope.policy();
      roll(p.budgetPeriod(), nowMs);
      if (p.maxBudgetUsd() != null && spent.add(reserved).add(cost).compareTo(p.maxBudgetUsd()) > 0) {
        return Refusals.budget(scope, cost, periodStart, nowMs);
      }
      if (p.rpm() != null && !requests.fits(1, p.rpm(), nowMs)) {
        return Refusals.requests(scope, requests.waitMs(1, p.rpm(), nowMs), nowMs);
      }
      if (p.tpm() != null && !tokens.fits(tokensWanted, p.tpm(), nowMs)) {
        return Refusals.tokens(scope, tokensWanted, tokens.waitMs(tokensWanted, p.tpm(), nowMs), nowMs);
      }
      if (p.maxParallel() != null && inFlight >= p.maxParallel()) {
        return Refusals.parallel(scope);
      }
      return null;
    }

    /** Charges a reservation that {@link #check} admitted; returns its token-window stamp. */
    long charge(Policy p, BigDecimal cost, long tokensWanted, long nowMs) {
      if (cost.signum() != 0) {
        reserved = reserved.add(cost);
      }
      if (p.rpm() != null) {
        requests.add(1, nowMs);
      }
      long stamp = p.tpm() != null ? tokens.add(tokensWanted, nowMs) : NO_STAMP;
      inFlight++;
      return stamp;
    }

    void unreserve(BigDecimal cost) {
      if (cost.signum() != 0) {
        reserved = reserved.subtract(cost);
        if (reserved.signum() < 0) {
          reserved = BigDecimal.ZERO; // cannot happen while holds are settled once; never go negative
        }
      }
    }
  }

  /** A reservation's scopes, amounts and token-window stamps. */
  private record InHold(State[] states, List<Scope> scopes, BigDecimal costUsd, long tokens, long[] stamps)
      implements Hold {}
}
