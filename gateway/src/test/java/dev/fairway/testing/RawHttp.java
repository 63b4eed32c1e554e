package dev.fairway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Raw HTTP/1.1 over a socket, for requests no well-behaved client would send: malformed chunking,
 * missing Host, encoded dot segments, bodies that never arrive.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** A parsed response: status, lower-cased headers, body (de-chunked). */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public RawHttp(int port) {
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(15_000);
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one request and reads its response (15 s read timeout). */
  public static Response exchange(int port, String request) {
    try (RawHttp c = new RawHttp(port)) {
      c.send(request);
      return c.read();
    }
  }

  public RawHttp send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void setReadTimeout(int ms) {
    try {
      socket.setSoTimeout(ms);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the server has closed the connection (reads end of stream) within the read timeout. */
  public boolean closedByServer() {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** Reads one response; null if the server closed the connection without one. */
  public Response read() {
    try {
      String statusLine = line();
      if (statusLine == null) {
        return null;
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      String l;
      while ((l = line()) != null && !l.isEmpty()) {
        int c = l.indexOf(':');
        headers.merge(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim(), (a, b) -> a + ", " + b);
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        while (true) {
          String size = line();
          if (size == null) {
            break;
          }
          int n = Integer.parseInt(size.split(";")[0].trim(), 16);
          if (n == 0) {
            while ((l = line()) != null && !l.isEmpty()) {
              // trailers
            }
            break;
          }
          body.write(in.readNBytes(n));
          line();
        }
      } else if (headers.containsKey("content-length")) {
        body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
      }
      return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no response within the read timeout", e);
    } catch (IOException e) {
      return null;
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
