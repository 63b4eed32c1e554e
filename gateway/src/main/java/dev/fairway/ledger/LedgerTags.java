package dev.fairway.ledger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request metadata tags from the {@code x-fairway-tags} header: comma-separated {@code name=value}
 * pairs or bare names ({@code team=search, env=prod, experiment}), bounded so a client cannot bloat
 * the ledger: at most {@value #MAX_TAGS} tags, names of {@value #MAX_NAME} and values of
 * {@value #MAX_VALUE} characters; beyond, tags are dropped and text is cut.
 */
public final class LedgerTags {
  private LedgerTags() {}

  public static final int MAX_TAGS = 16;
  public static final int MAX_NAME = 64;
  public static final int MAX_VALUE = 256;

  /** The tags of a header value; empty for null or blank. Later duplicates of a name win. */
  public static Map<String, String> parse(String header) {
    if (header == null || header.isBlank()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String name = (eq < 0 ? p : p.substring(0, eq)).trim();
      String value = eq < 0 ? "" : p.substring(eq + 1).trim();
      if (name.isEmpty()) {
        continue;
      }
      out.remove(name);
      out.put(name, value);
    }
    return bounded(out);
  }

  /** {@code tags} within the bounds, sorted by name. */
  static Map<String, String> bounded(Map<String, String> tags) {
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (out.size() >= MAX_TAGS) {
        break;
      }
      if (e.getKey() == null || e.getKey().isEmpty()) {
        continue;
      }
      out.put(cut(e.getKey(), MAX_NAME), cut(e.getValue() == null ? "" : e.getValue(), MAX_VALUE));
    }
    return Collections.unmodifiableMap(out);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
