package dev.portcullis.vault.backend.jwt;

import java.time.Duration;
import java.util.Objects;

/**
 * How a JWT-assertion backend signs its tokens.
 *
 * @param name       the backend's name (first segment of its lease ids)
 * @param keyPath    where the private JWK (EC P-256/384/521, Ed25519 or RSA) is stored in the vault
 * @param issuer     the {@code iss} claim: who the backend API should believe signed the token
 * @param audience   the {@code aud} claim: the backend API
 * @param subject    where the {@code sub} claim comes from
 * @param ttl        the longest life of one token (it also ends at the lease's {@code notAfter})
 * @param headerName the header the token goes in ({@code Authorization} by default)
 * @param scheme     the scheme before the token ({@code Bearer} by default; empty for the bare token)
 */
public record JwtAssertionConfig(String name, String keyPath, String issuer, String audience, Subject subject,
                                 Duration ttl, String headerName, String scheme) {
  /** The default life of one token: five minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  public JwtAssertionConfig {
    requireText(name, "name", name);
    requireText(keyPath, "key path", name);
    requireText(issuer, "issuer", name);
    requireText(audience, "audience", name);
    requireText(headerName, "header name", name);
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(scheme, "scheme");
    if (ttl.isNegative() || ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("jwt backend '" + name + "': ttl must be at least one second, was " + ttl);
    }
    if (!headerName.matches("[A-Za-z0-9-]+")) throw new IllegalArgumentException("jwt backend '" + name + "': header name '" + headerName + "' is not a token");
    if (!scheme.matches("[A-Za-z0-9-]*")) throw new IllegalArgumentException("jwt backend '" + name + "': scheme '" + scheme + "' is not a token");
  }

  /** A configuration with the default ttl and {@code Authorization: Bearer <jwt>}. */
  public static JwtAssertionConfig of(String name, String keyPath, String issuer, String audience, Subject subject) {
    return new JwtAssertionConfig(name, keyPath, issuer, audience, subject, DEFAULT_TTL, "Authorization", "Bearer");
  }

  private static void requireText(String value, String what, String backend) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException("jwt backend '" + backend + "': " + what + " is missing");
  }

  /** Where a token's {@code sub} comes from. */
  public sealed interface Subject {
    /** The configured {@code subject} value: {@code user} means {@link LeaseUser}; anything else is a fixed subject. */
    static Subject parse(String configured) {
      if (configured == null || configured.isBlank()) throw new IllegalArgumentException("jwt backend: subject is missing");
      return configured.equals("user") ? new LeaseUser() : new Fixed(configured);
    }

    /** The same subject in every token (a service account the API knows). */
    record Fixed(String subject) implements Subject {
      public Fixed { Objects.requireNonNull(subject, "subject"); }
    }

    /** The user the lease is for (the subject part of the lease scope's {@code <issuer>#<subject>}). */
    record LeaseUser() implements Subject {}
  }
}
