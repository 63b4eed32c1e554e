package dev.fairway.storage;

/** The database could not be reached, read or written. The message never carries a password. */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
