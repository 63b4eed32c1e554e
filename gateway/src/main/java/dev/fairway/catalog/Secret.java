package dev.fairway.catalog;

import java.util.Objects;

/** A credential. Its {@code toString} never shows the value, so it cannot leak into logs or errors. */
public record Secret(String value) {
  public Secret {
    Objects.requireNonNull(value, "value");
  }

  public boolean isBlank() {
    return value.isBlank();
  }

  @Override
  public String toString() {
    return "Secret[***]";
  }
}
