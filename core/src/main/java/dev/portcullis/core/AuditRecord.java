package dev.portcullis.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the audit log before it is sealed into the chain.
 *
 * @param type       what happened ({@code intent}, {@code outcome}, {@code admin}, ...)
 * @param time       when
 * @param exchangeId the exchange it belongs to, or {@code null} for events outside an exchange
 * @param fields     what is recorded: plain JSON values only (String, Number, Boolean, List, Map,
 *                   null); never a secret (argument values are recorded as a digest)
 */
public record AuditRecord(String type, Instant time, String exchangeId, Map<String, Object> fields) {
  public AuditRecord {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }
}
