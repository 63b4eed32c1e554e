package dev.fairway.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier on hand-made exports: the cases a real log cannot produce (forks, foreign checkpoints). */
class LogVerifierTest {
  static final NoteSigner SIGNER = new NoteSigner("test.example/log", Ed25519.generate(new SecureRandom()));

  @Test
  void anEmptyLogWithItsEmptyCheckpointVerifies() {
    List<ExportFormat.Line> lines = export(0, List.of(0L));
    LogVerifier.Report r = new LogVerifier(SIGNER.verifier(), null).verify(lines.iterator());
    assertThat(r.leaves()).isZero();
    assertThat(r.latestRoot()).isEqualTo(Merkle.emptyRoot());
  }

  @Test
  void countsLeavesAfterTheLatestCheckpointAndProvesEachPairConsistent() {
    LogVerifier.Report r = new LogVerifier(SIGNER.verifier(), null).verify(export(40, List.of(0L, 1L, 16L, 17L, 33L)).iterator());
    assertThat(r.leaves()).isEqualTo(40);
    assertThat(r.checkpoints()).isEqualTo(5);
    assertThat(r.latestSize()).isEqualTo(33);
    assertThat(r.uncovered()).isEqualTo(7);
    assertThat(r.consistencyProofs()).isEqualTo(3);
  }

  @Test
  void twoSignedRootsForOneSizeAreAFork() {
    List<ExportFormat.Line> lines = export(10, List.of(5L));
    byte[] other = Merkle.leafHash("other".getBytes(StandardCharsets.UTF_8));
    lines.add(1, new ExportFormat.CheckpointLine(5, 0, SIGNER.sign(new Checkpoint("test.example/log", 5, other, List.of()).text())));
    assertThatThrownBy(() -> new LogVerifier(SIGNER.verifier(), null).verify(lines.iterator()))
        .isInstanceOf(LogVerifier.Failure.class).hasMessageContaining("both sign tree size 5 with different roots: the log forked");
  }

  @Test
  void aSavedCheckpointMustBeConsistentWithTheLog() {
    MemoryTree other = new MemoryTree();
    for (int i = 0; i < 8; i++) {
      other.append(Merkle.leafHash(("x" + i).getBytes(StandardCharsets.UTF_8)));
    }
    String saved = SIGNER.sign(new Checkpoint("test.example/log", 8, other.root(), List.of()).text());
    LogVerifier v = new LogVerifier(SIGNER.verifier(), null).trust(saved, "saved checkpoint x");
    assertThatThrownBy(() -> v.verify(export(10, List.of(5L)).iterator()))
        .isInstanceOfSatisfying(LogVerifier.Failure.class, f -> assertThat(f.firstBadLeaf()).isEqualTo(5))
        .hasMessageContaining("a record among leaves 5..7 was edited, removed, inserted or reordered: leaves 0..7 do not give"
            + " the root signed in the checkpoint of tree size 8 (saved checkpoint x)");
  }

  @Test
  void aCheckpointListedUnderAnotherSizeIsRefused() {
    List<ExportFormat.Line> lines = export(10, List.of(5L));
    ExportFormat.CheckpointLine cp = (ExportFormat.CheckpointLine) lines.get(1);
    lines.set(1, new ExportFormat.CheckpointLine(6, cp.signedMs(), cp.note()));
    assertThatThrownBy(() -> new LogVerifier(SIGNER.verifier(), null).verify(lines.iterator()))
        .hasMessageContaining("is listed as tree size 6, which its signed text does not say");
  }

  @Test
  void checkpointsMustComeBeforeTheLeaves() {
    List<ExportFormat.Line> lines = export(10, List.of(5L));
    ExportFormat.Line cp = lines.remove(1);
    lines.add(lines.size() - 1, cp);
    assertThatThrownBy(() -> new LogVerifier(SIGNER.verifier(), null).verify(lines.iterator()))
        .isInstanceOf(ExportFormat.MalformedExport.class).hasMessageContaining("a checkpoint after the leaves");
  }

  /** An export of {@code n} leaves with checkpoints of the given sizes, all signed by {@link #SIGNER}. */
  static List<ExportFormat.Line> export(int n, List<Long> checkpointSizes) {
    List<ExportFormat.Line> out = new ArrayList<>();
    out.add(new ExportFormat.Header("test.example/log", SIGNER.verifier().text(), 0));
    MemoryTree tree = new MemoryTree();
    List<ExportFormat.Leaf> leaves = new ArrayList<>();
    List<byte[]> roots = new ArrayList<>();
    roots.add(tree.root());
    for (int i = 0; i < n; i++) {
      byte[] bytes = ("record " + i).getBytes(StandardCharsets.UTF_8);
      tree.append(Merkle.leafHash(bytes));
      roots.add(tree.root());
      leaves.add(new ExportFormat.Leaf(i, "d-" + i, i, Merkle.leafHash(bytes), bytes));
    }
    for (long size : checkpointSizes) {
      out.add(new ExportFormat.CheckpointLine(size, 0,
          SIGNER.sign(new Checkpoint("test.example/log", size, roots.get((int) size), List.of()).text())));
    }
    out.addAll(leaves);
    out.add(new ExportFormat.End(n, checkpointSizes.size()));
    return out;
  }
}
