package dev.fairway.cli;

import dev.fairway.neutrality.DecisionRecord;
import dev.fairway.neutrality.DecisionRecords;
import dev.fairway.neutrality.Window;
import dev.fairway.transparency.ExportFormat;
import dev.fairway.transparency.LogExport;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The decision records of a transparency log, for the audits: every leaf whose bytes are a
 * decision record and whose time is in the window, in log order. Leaves that are not decision
 * records (another format, another version) are counted and skipped.
 */
final class LoggedDecisions {
  private LoggedDecisions() {}

  /**
   * What was read.
   *
   * @param origin the log's origin, from the export's header
   * @param leaves every leaf read
   * @param skipped leaves that are not decision records
   * @param outside decision records outside the window
   * @param signedTreeSize the largest tree size a checkpoint signs, or null when none
   */
  record Read(String origin, long leaves, long skipped, long outside, Long signedTreeSize) {}

  static Read read(LogExport.Lines lines, Window window, Consumer<DecisionRecord> sink) {
    String origin = null;
    long leaves = 0;
    long skipped = 0;
    long outside = 0;
    Long signed = null;
    while (lines.hasNext()) {
      switch (lines.next()) {
        case ExportFormat.Header h -> origin = h.origin();
        case ExportFormat.CheckpointLine c -> signed = signed == null ? c.treeSize() : Math.max(signed, c.treeSize());
        case ExportFormat.Leaf l -> {
          leaves++;
          DecisionRecord r = decision(l.canonical());
          if (r == null) {
            skipped++;
          } else if (!window.contains(r.timeMs())) {
            outside++;
          } else {
            sink.accept(r);
          }
        }
        case ExportFormat.End e -> {
          // counts only
        }
      }
    }
    return new Read(origin, leaves, skipped, outside, signed);
  }

  private static DecisionRecord decision(byte[] canonical) {
    try {
      DecisionRecord r = DecisionRecords.parse(canonical);
      return r != null && r.v() == DecisionRecord.VERSION && r.id() != null ? r : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
