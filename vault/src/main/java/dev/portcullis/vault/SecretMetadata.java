package dev.portcullis.vault;

import java.time.Instant;

/**
 * What the vault says about a secret without showing it.
 *
 * @param path      where it lives
 * @param version   1 for the first value, one more for every later write
 * @param createdAt when the first value was written
 * @param updatedAt when the current value was written
 */
public record SecretMetadata(String path, long version, Instant createdAt, Instant updatedAt) {}
