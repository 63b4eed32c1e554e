package dev.fairway.neutrality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.transparency.LogRecord;
import dev.fairway.transparency.TransparencyLog;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The journal encoding of decision records: a record read back from the journal is equal to the
 * one written, so its canonical bytes (the leaf) are the ones it would have had; bytes that are no
 * record are refused, never half-read.
 */
class DecisionCodecTest {
  private final RandomDecisionRecords records = new RandomDecisionRecords(7L);

  @Test
  void everyRecordReadBackEqualsTheOneWrittenAndSoHasTheSameCanonicalBytes() {
    for (int i = 0; i < 5_000; i++) {
      DecisionRecord r = records.next();
      byte[] bytes = DecisionCodec.encode(r);

      assertThat(DecisionCodec.decode(bytes)).as("record %d", i).isEqualTo(r);
      assertThat(DecisionCodec.canonicalOf(bytes)).isEqualTo(DecisionRecords.canonical(r));
    }
  }

  @Test
  void aDeferredJournalRecordDecodesToTheLeafTheRequestPathWouldHaveLogged() {
    DecisionRecord r = records.next();
    byte[] journal = TransparencyLog.encodeDeferred("req_abc_1", 1_764_700_000_000L, DecisionCodec.encode(r));

    LogRecord read = LogRecord.decode(journal, DecisionCodec::canonicalOf);

    assertThat(read).isEqualTo(new LogRecord("req_abc_1", 1_764_700_000_000L, DecisionRecords.canonical(r)));
    assertThatThrownBy(() -> LogRecord.decode(journal, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void truncatedOrPaddedBytesAreRefusedAsNoRecord() {
    byte[] bytes = DecisionCodec.encode(records.next());
    for (int n = 0; n < bytes.length; n++) {
      byte[] cut = Arrays.copyOf(bytes, n);
      assertThatThrownBy(() -> DecisionCodec.decode(cut)).as("cut at %d", n).isInstanceOf(IllegalArgumentException.class);
    }
    byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> DecisionCodec.decode(padded)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DecisionCodec.decode(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
  }
}
