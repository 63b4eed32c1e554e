package dev.fairway.transparency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Checks an exported log end to end, in one pass: every checkpoint's signature with a trusted key
 * and its origin; then, rebuilding the tree from the leaves, that each leaf's bytes hash to its
 * leaf hash, that indexes run without gaps or repeats, that every checkpoint's root is the root of
 * the leaves below its size, that each successive pair of checkpoints has a valid RFC 9162
 * consistency proof, and that no checkpoint covers leaves the log no longer has. It stops at the
 * first finding and names the first leaf it implicates.
 *
 * <p>What a finding can say is bounded by the evidence: a leaf whose bytes no longer match its
 * recorded hash, or a gap, is named exactly; a leaf edited together with its hash, or moved, only
 * breaks the next checkpoint's root, so the finding names the leaves between the last checkpoint
 * that verifies and the first that does not (one interval of signing).
 */
public final class LogVerifier {
  private final NoteVerifier key;
  private final String origin;
  private final List<Signed> trusted = new ArrayList<>();

  /** @param origin the origin every checkpoint must carry; null for the key's name (the log's convention) */
  public LogVerifier(NoteVerifier key, String origin) {
    this.key = key;
    this.origin = origin == null ? key.name() : origin;
  }

  /** Also holds the log to {@code note}, a checkpoint saved earlier (it must be consistent with the log). */
  public LogVerifier trust(String note, String where) {
    trusted.add(open(note, where, -1));
    return this;
  }

  /** What a verified log holds. */
  public record Report(long leaves, int checkpoints, long latestSize, byte[] latestRoot, int consistencyProofs) {
    /** Leaves appended after the latest checkpoint: logged, not yet provable. */
    public long uncovered() {
      return leaves - latestSize;
    }
  }

  /** The log does not verify; {@code firstBadLeaf} is the first leaf implicated, or -1 when none is. */
  public static final class Failure extends RuntimeException {
    private final long firstBadLeaf;

    Failure(long firstBadLeaf, String message) {
      super(message, null, false, false);
      this.firstBadLeaf = firstBadLeaf;
    }

    public long firstBadLeaf() {
      return firstBadLeaf;
    }
  }

  /** A checkpoint whose signature verified. */
  private record Signed(long size, byte[] root, String where) {}

  /**
   * Verifies an export, line by line; throws {@link Failure}, or {@link ExportFormat.MalformedExport}
   * when it is not an export (no header or end line, a line that does not parse).
   */
  public Report verify(Iterator<ExportFormat.Line> lines) {
    long lineNo = 0;
    if (!lines.hasNext()) {
      throw new ExportFormat.MalformedExport("the export is empty");
    }
    lineNo++;
    if (!(lines.next() instanceof ExportFormat.Header)) {
      throw new ExportFormat.MalformedExport("line 1: an export starts with its header line");
    }
    List<Signed> cps = new ArrayList<>(trusted);
    int logCheckpoints = 0;
    MemoryTree tree = new MemoryTree();
    IdSet ids = new IdSet();
    ExportFormat.End end = null;
    List<Signed> pending = null; // checkpoints in size order, once the leaves start
    int next = 0;
    Signed lastVerified = null;
    int proofs = 0;
    while (lines.hasNext()) {
      lineNo++;
      ExportFormat.Line line = lines.next();
      if (end != null) {
        throw new ExportFormat.MalformedExport("line " + lineNo + ": nothing may follow the end line");
      }
      switch (line) {
        case ExportFormat.Header h -> throw new ExportFormat.MalformedExport("line " + lineNo + ": a second header line");
        case ExportFormat.CheckpointLine c -> {
          if (pending != null) {
            throw new ExportFormat.MalformedExport("line " + lineNo + ": a checkpoint after the leaves (checkpoints come first)");
          }
          Signed s = open(c.note(), "checkpoint at line " + lineNo, c.treeSize());
          cps.add(s);
          logCheckpoints++;
        }
        case ExportFormat.End e -> end = e;
        case ExportFormat.Leaf leaf -> {
          if (pending == null) {
            pending = ordered(cps);
            next = 0;
            while (next < pending.size() && pending.get(next).size() == 0) {
              lastVerified = checkRoot(pending.get(next++), tree, lastVerified);
            }
          }
          long want = tree.size();
          if (leaf.index() > want) {
            throw new Failure(want, "leaf " + want + " is missing: the log goes from leaf " + (want - 1) + " to leaf "
                + leaf.index() + " (a record was removed)");
          }
          if (leaf.index() < want) {
            throw new Failure(leaf.index(), "leaf " + leaf.index() + " appears again at line " + lineNo
                + ", after leaf " + (want - 1) + " (a record was inserted, or the log reordered)");
          }
          byte[] hash = Merkle.leafHash(leaf.canonical());
          if (!MessageDigest.isEqual(hash, leaf.leafHash())) {
            throw new Failure(want, "leaf " + want + " (decision " + leaf.decisionId() + ") was edited: its canonical"
                + " bytes do not hash to its recorded leaf hash");
          }
          if (!ids.add(leaf.decisionId())) {
            throw new Failure(want, "leaf " + want + " repeats decision " + leaf.decisionId()
                + ", already logged before it (a record was inserted)");
          }
          tree.append(hash);
          while (next < pending.size() && pending.get(next).size() == tree.size()) {
            Signed cp = pending.get(next++);
            Signed before = lastVerified;
            lastVerified = checkRoot(cp, tree, lastVerified);
            if (before != null && before.size() > 0 && before.size() < cp.size()) {
              List<byte[]> proof = Proofs.consistency(tree, before.size(), cp.size());
              if (!ProofVerifier.verifyConsistency(before.size(), cp.size(), before.root(), cp.root(), proof)) {
                throw new Failure(before.size(), "the " + before.where() + " and the " + cp.where()
                    + " are not consistent: the log was rewritten after leaf " + (before.size() - 1));
              }
              proofs++;
            }
          }
        }
      }
    }
    if (end == null) {
      throw new ExportFormat.MalformedExport("the export has no end line: it was cut off after line " + lineNo);
    }
    if (pending == null) { // no leaves at all
      pending = ordered(cps);
      while (next < pending.size() && pending.get(next).size() == 0) {
        lastVerified = checkRoot(pending.get(next++), tree, lastVerified);
      }
    }
    if (end.leaves() != tree.size() || end.checkpoints() != logCheckpoints) {
      throw new Failure(Math.min(end.leaves(), tree.size()), "the export's end line counts " + end.leaves()
          + " leaves and " + end.checkpoints() + " checkpoints, but it holds " + tree.size() + " and " + logCheckpoints);
    }
    if (next < pending.size()) {
      Signed beyond = pending.get(pending.size() - 1);
      long n = tree.size();
      throw new Failure(n, (n == 0 ? "the log has no leaves" : "the log ends at leaf " + (n - 1)) + " but the "
          + beyond.where() + " covers " + beyond.size() + " leaves: leaves " + n + ".." + (beyond.size() - 1)
          + " were removed (the tail was truncated)");
    }
    long latestSize = lastVerified == null ? 0 : lastVerified.size();
    byte[] latestRoot = lastVerified == null ? Merkle.emptyRoot() : lastVerified.root();
    return new Report(tree.size(), logCheckpoints, latestSize, latestRoot, proofs);
  }

  private Signed checkRoot(Signed cp, MemoryTree tree, Signed lastVerified) {
    byte[] root = tree.root();
    if (MessageDigest.isEqual(root, cp.root())) {
      return cp;
    }
    long from = lastVerified == null ? 0 : lastVerified.size();
    long to = cp.size() - 1;
    String which = from == to ? "leaf " + from + " was" : "a record among leaves " + from + ".." + to + " was";
    throw new Failure(from, which + " edited, removed, inserted or reordered: leaves 0.." + to
        + " do not give the root signed in the " + cp.where()
        + (lastVerified == null || lastVerified.size() == 0 ? "" : "; the " + lastVerified.where() + " verifies"));
  }

  /** Checkpoints by size, one per size; two different roots for one size are a fork. */
  private static List<Signed> ordered(List<Signed> cps) {
    List<Signed> sorted = new ArrayList<>(cps);
    sorted.sort(Comparator.comparingLong(Signed::size));
    List<Signed> out = new ArrayList<>();
    for (Signed s : sorted) {
      Signed last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.size() == s.size()) {
        if (!Arrays.equals(last.root(), s.root())) {
          throw new Failure(-1, "the " + last.where() + " and the " + s.where() + " both sign tree size " + s.size()
              + " with different roots: the log forked");
        }
        continue;
      }
      out.add(s);
    }
    return out;
  }

  private Signed open(String note, String where, long declaredSize) {
    String text;
    Checkpoint cp;
    try {
      text = key.verify(note);
      cp = Checkpoint.parse(text);
    } catch (SignedNote.NoteException e) {
      throw new Failure(-1, where + ": " + e.getMessage());
    }
    String at = where + " (tree size " + cp.size() + ")";
    if (!cp.origin().equals(origin)) {
      throw new Failure(-1, at + " is of origin '" + cp.origin() + "', not '" + origin + "'");
    }
    if (declaredSize >= 0 && declaredSize != cp.size()) {
      throw new Failure(-1, at + " is listed as tree size " + declaredSize + ", which its signed text does not say");
    }
    String label = where.startsWith("checkpoint at ") ? where.substring("checkpoint at ".length()) : where;
    return new Signed(cp.size(), cp.root(), "checkpoint of tree size " + cp.size() + " (" + label + ")");
  }


  /**
   * Decision ids seen, as 128-bit digests in an open-addressing table: 16 bytes an id instead of
   * a String in a HashSet, so ten million ids fit a small heap. Two ids colliding is a 2^-128 event.
   */
  private static final class IdSet {
    private long[] hi = new long[1 << 16];
    private long[] lo = new long[1 << 16];
    private boolean[] used = new boolean[1 << 16];
    private int size;

    boolean add(String id) {
      byte[] d = Merkle.sha256().digest(id.getBytes(StandardCharsets.UTF_8));
      long h = 0;
      long l = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (d[i] & 0xff);
        l = (l << 8) | (d[8 + i] & 0xff);
      }
      if (2 * (size + 1) > used.length) {
        grow();
      }
      if (!insert(h, l)) {
        return false;
      }
      size++;
      return true;
    }

    private boolean insert(long h, long l) {
      int mask = used.length - 1;
      int i = (int) (h ^ (h >>> 32)) & mask;
      while (used[i]) {
        if (hi[i] == h && lo[i] == l) {
          return false;
        }
        i = (i + 1) & mask;
      }
      used[i] = true;
      hi[i] = h;
      lo[i] = l;
      return true;
    }

    private void grow() {
      long[] oh = hi;
      long[] ol = lo;
      boolean[] ou = used;
      hi = new long[oh.length * 2];
      lo = new long[oh.length * 2];
      used = new boolean[oh.length * 2];
      for (int i = 0; i < ou.length; i++) {
        if (ou[i]) {
          insert(oh[i], ol[i]);
        }
      }
    }
  }
}
