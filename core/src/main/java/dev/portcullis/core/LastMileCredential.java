package dev.portcullis.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A short-lived credential checked out from the vault for one backend, on its way to that backend
 * and nowhere else. It rides on the {@link Exchange} (under {@link #KEY}) from the credential stage
 * to the forward stage; no stage puts it into a reply, a log line or an audit record, and its
 * {@code toString} never shows the secret.
 */
public sealed interface LastMileCredential {

  /** Where the credential stage leaves the credential for the forward stage. */
  Exchange.Key<LastMileCredential> KEY = Exchange.Key.of("last-mile-credential", LastMileCredential.class);

  /** The lease the credential belongs to. */
  String leaseId();

  /** When the backend stops accepting it. */
  Instant expiresAt();

  /** HTTP headers to add to the backend request (an OAuth access token, a signed assertion, an API key). */
  record Headers(String leaseId, Instant expiresAt, Map<String, String> headers) implements LastMileCredential {
    public Headers {
      Objects.requireNonNull(leaseId, "leaseId");
      Objects.requireNonNull(expiresAt, "expiresAt");
      headers = Map.copyOf(headers);
    }

    @Override
    public String toString() { return "Headers[lease=" + leaseId + ", names=" + headers.keySet() + "]"; }
  }

  /** A database login (a dynamic role) to open connections with. */
  record DatabaseLogin(String leaseId, Instant expiresAt, String username, String password) implements LastMileCredential {
    public DatabaseLogin {
      Objects.requireNonNull(leaseId, "leaseId");
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() { return "DatabaseLogin[lease=" + leaseId + ", user=" + username + "]"; }
  }
}
