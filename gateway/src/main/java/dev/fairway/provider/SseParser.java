package dev.fairway.provider;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Incremental decoder for Server-Sent Events (WHATWG HTML, "Parsing an event stream"): feed it
 * buffers as they arrive and it reports each complete event's type and data. Handles LF, CRLF and
 * CR line ends split across buffers, comments, multi-line data, and a UTF-8 byte order mark.
 */
public final class SseParser {
  private final BiConsumer<String, String> onEvent;
  private final int maxEventBytes;
  private byte[] line = new byte[256];
  private int lineLen;
  private boolean lastWasCr;
  private boolean first = true;
  private String eventType;
  private StringBuilder data;
  private int eventBytes;

  /**
   * @param onEvent called with (event type or null, data) for each complete event
   * @param maxEventBytes an event larger than this is an error (protects memory from a broken upstream)
   */
  public SseParser(BiConsumer<String, String> onEvent, int maxEventBytes) {
    this.onEvent = onEvent;
    this.maxEventBytes = maxEventBytes;
  }

  public void feed(Buffer buf) {
    int n = buf.length();
    for (int i = 0; i < n; i++) {
      byte b = buf.getByte(i);
      if (b == '\n') {
        if (lastWasCr) {
          lastWasCr = false;
          continue; // the LF of a CRLF
        }
        endLine();
      } else if (b == '\r') {
        lastWasCr = true;
        endLine();
      } else {
        lastWasCr = false;
        if (lineLen == line.length) {
          if (lineLen >= maxEventBytes) {
            throw new IllegalStateException("server-sent event larger than " + maxEventBytes + " bytes");
          }
          line = java.util.Arrays.copyOf(line, Math.min(lineLen * 2, maxEventBytes));
        }
        line[lineLen++] = b;
      }
    }
  }

  /** True when bytes of an unfinished event are buffered (a stream that ends here was cut short). */
  public boolean hasPartialEvent() {
    return lineLen > 0 || data != null;
  }

  private void endLine() {
    int start = 0;
    if (first) {
      first = false;
      if (lineLen >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
        start = 3;
      }
    }
    int len = lineLen - start;
    lineLen = 0;
    if (len == 0) {
      dispatch();
      return;
    }
    if (line[start] == ':') {
      return; // comment, e.g. keep-alive
    }
    int colon = -1;
    for (int i = start; i < start + len; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    String field;
    String value;
    if (colon < 0) {
      field = new String(line, start, len, StandardCharsets.UTF_8);
      value = "";
    } else {
      field = new String(line, start, colon - start, StandardCharsets.UTF_8);
      int vs = colon + 1;
      if (vs < start + len && line[vs] == ' ') {
        vs++;
      }
      value = new String(line, vs, start + len - vs, StandardCharsets.UTF_8);
    }
    switch (field) {
      case "data" -> {
        eventBytes += value.length();
        if (eventBytes > maxEventBytes) {
          throw new IllegalStateException("server-sent event larger than " + maxEventBytes + " bytes");
        }
        if (data == null) {
          data = new StringBuilder(value.length());
        } else {
          data.append('\n');
        }
        data.append(value);
      }
      case "event" -> eventType = value;
      default -> { } // id, retry and unknown fields do not matter to an API client
    }
  }

  private void dispatch() {
    if (data != null) {
      String type = eventType;
      String d = data.toString();
      data = null;
      eventType = null;
      eventBytes = 0;
      onEvent.accept(type, d);
    } else {
      eventType = null;
    }
  }
}
