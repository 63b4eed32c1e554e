package dev.fairway.config;

/**
 * A configuration mistake, located: "fairway.yaml:12: models[1].prices.input: expected a number".
 * Thrown at start-up only; the message is meant for the person who wrote the file.
 */
public final class ConfigException extends RuntimeException {
  private final String file;
  private final int line;
  private final String field;

  public ConfigException(String file, int line, String field, String problem) {
    super(format(file, line, field, problem), null, false, false);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  private static String format(String file, int line, String field, String problem) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null && !field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(problem).toString();
  }

  public String file() {
    return file;
  }

  /** 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The offending field as a path such as {@code models[1].prices.input}, or null. */
  public String field() {
    return field;
  }
}
