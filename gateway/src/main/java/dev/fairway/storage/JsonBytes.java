package dev.fairway.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Small JSON documents (a ledger row, a decision record's canonical bytes) written on one streaming
 * generator per thread, over one buffer, document after document with nothing between them. A
 * generator and a buffer made for each document, then copied out and closed, cost about a fifth
 * of writing the document itself (async-profiler, {@code bench/run recording}).
 */
public final class JsonBytes {
  /** Writes one document on {@code g}. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private record Out(ByteArrayBuilder buffer, JsonGenerator generator) {}

  private final JsonFactory factory;
  private final int initialBytes;
  private final ThreadLocal<Out> out = new ThreadLocal<>();

  /** Documents as {@code base}'s generators write them (a plain JSON factory), with no separator between root values. */
  public JsonBytes(JsonFactory base, int initialBytes) {
    this.factory = ((JsonFactoryBuilder) base.rebuild()).rootValueSeparator((SerializableString) null).build();
    this.initialBytes = initialBytes;
  }

  /** The bytes of the document {@code body} writes. */
  public byte[] write(Body body) {
    Out o = out.get();
    try {
      if (o == null) {
        ByteArrayBuilder b = new ByteArrayBuilder(initialBytes);
        o = new Out(b, factory.createGenerator(b));
        out.set(o);
      }
      o.buffer().reset();
      body.write(o.generator());
      o.generator().flush();
      return o.buffer().toByteArray();
    } catch (IOException | RuntimeException e) {
      out.remove(); // the generator may be mid-document: the next one starts afresh
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }
}
