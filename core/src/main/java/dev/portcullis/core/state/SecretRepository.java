package dev.portcullis.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of {@link SecretRecord}s, keyed by path. */
public interface SecretRepository {

  /**
   * Stores a value at {@code path}: version 1 if nothing was there, otherwise one more than the
   * stored version, keeping the creation time. Returns the record as stored.
   */
  SecretRecord put(String path, byte[] ciphertext, Instant now);

  /** The record at {@code path}, if any. */
  Optional<SecretRecord> find(String path);

  /** Removes the record at {@code path}; returns whether there was one. */
  boolean delete(String path);

  /** Every record whose path starts with {@code prefix} ({@code ""} for all), by path. */
  List<SecretRecord> list(String prefix);

  /**
   * Replaces the ciphertext at {@code path} only if it still is {@code expected}, leaving version
   * and times alone; returns whether it did. Re-wrapping under a new root key uses it so that a
   * value written meanwhile is never overwritten with an older one.
   */
  boolean replaceCiphertext(String path, byte[] expected, byte[] replacement);
}
