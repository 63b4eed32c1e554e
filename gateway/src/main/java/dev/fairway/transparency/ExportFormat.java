package dev.fairway.transparency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * The log's export: JSON lines, one object each. A {@code header} line first (origin, verifier
 * key), then every {@code checkpoint} (tree size, signed time, the signed note), then every
 * {@code leaf} in index order (index, decision id, time, leaf hash and canonical bytes in base64),
 * then an {@code end} line counting both, so a cut-off file is told from a short log. Checkpoints
 * come before leaves so a verifier checks the whole log in one pass. The admin export endpoints
 * serve the same checkpoint and leaf lines, paged.
 */
public final class ExportFormat {
  private ExportFormat() {}

  public static final String FORMAT = "fairway-transparency-log";
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** One line of an export. */
  public sealed interface Line permits Header, Leaf, CheckpointLine, End {}

  /** @param verifierKey the log's key as the exporter saw it: evidence only when checked against a trusted one */
  public record Header(String origin, String verifierKey, long exportedMs) implements Line {}

  public record End(long leaves, long checkpoints) implements Line {}

  public record Leaf(long index, String decisionId, long timeMs, byte[] leafHash, byte[] canonical) implements Line {}

  public record CheckpointLine(long treeSize, long signedMs, String note) implements Line {}

  public static String header(Header h) {
    ObjectNode o = NODES.objectNode();
    o.put("type", "header").put("format", FORMAT).put("version", VERSION).put("origin", h.origin())
        .put("verifier_key", h.verifierKey()).put("exported_ms", h.exportedMs());
    return o.toString();
  }

  public static String end(End e) {
    ObjectNode o = NODES.objectNode();
    o.put("type", "end").put("leaves", e.leaves()).put("checkpoints", e.checkpoints());
    return o.toString();
  }

  public static String leaf(LogEntry e) {
    return leaf(leafOf(e));
  }

  public static String leaf(Leaf l) {
    ObjectNode o = NODES.objectNode();
    o.put("type", "leaf").put("index", l.index()).put("decision_id", l.decisionId()).put("time_ms", l.timeMs())
        .put("leaf_hash", Base64.getEncoder().encodeToString(l.leafHash()))
        .put("canonical", Base64.getEncoder().encodeToString(l.canonical()));
    return o.toString();
  }

  public static String checkpoint(StoredCheckpoint c) {
    return checkpoint(checkpointOf(c));
  }

  public static String checkpoint(CheckpointLine c) {
    ObjectNode o = NODES.objectNode();
    o.put("type", "checkpoint").put("tree_size", c.treeSize()).put("signed_ms", c.signedMs()).put("note", c.note());
    return o.toString();
  }

  static Leaf leafOf(LogEntry e) {
    return new Leaf(e.index(), e.decisionId(), e.timeMs(), e.leafHash(), e.canonical());
  }

  static CheckpointLine checkpointOf(StoredCheckpoint c) {
    return new CheckpointLine(c.size(), c.signedMs(), c.note());
  }

  /** The JSON line of {@code line}. */
  public static String format(Line line) {
    return switch (line) {
      case Header h -> header(h);
      case Leaf l -> leaf(l);
      case CheckpointLine c -> checkpoint(c);
      case End e -> end(e);
    };
  }

  /** Parses line number {@code lineNo}; throws {@link MalformedExport} naming the line and what is wrong. */
  public static Line parse(String line, long lineNo) {
    try {
      return parse(line);
    } catch (MalformedExport e) {
      throw new MalformedExport("line " + lineNo + ": " + e.getMessage());
    }
  }

  /** Parses one line; throws {@link MalformedExport} saying what is wrong with it. */
  public static Line parse(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new MalformedExport("not a JSON object");
    }
    if (n == null || !n.isObject()) {
      throw new MalformedExport("not a JSON object");
    }
    String type = text(n, "type");
    return switch (type) {
      case "leaf" -> new Leaf(number(n, "index"), text(n, "decision_id"), number(n, "time_ms"),
          base64(n, "leaf_hash"), base64(n, "canonical"));
      case "checkpoint" -> new CheckpointLine(number(n, "tree_size"), number(n, "signed_ms"), text(n, "note"));
      case "header" -> {
        if (!FORMAT.equals(text(n, "format")) || number(n, "version") != VERSION) {
          throw new MalformedExport("not a " + FORMAT + " export of version " + VERSION);
        }
        yield new Header(text(n, "origin"), text(n, "verifier_key"), number(n, "exported_ms"));
      }
      case "end" -> new End(number(n, "leaves"), number(n, "checkpoints"));
      default -> throw new MalformedExport("unknown line type '" + type + "'");
    };
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new MalformedExport("'" + field + "' is missing or not a string");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new MalformedExport("'" + field + "' is missing or not a whole number");
    }
    return v.asLong();
  }

  private static byte[] base64(JsonNode n, String field) {
    try {
      return Base64.getDecoder().decode(text(n, field));
    } catch (IllegalArgumentException e) {
      throw new MalformedExport("'" + field + "' is not base64");
    }
  }

  /** An export line that is not one. */
  public static final class MalformedExport extends RuntimeException {
    public MalformedExport(String message) {
      super(message, null, false, false);
    }
  }
}
