package dev.portcullis.vault;

import dev.portcullis.core.LastMileCredential;
import java.util.Map;
import java.util.Objects;

/**
 * What a backend minted: the credential, and what the backend needs to revoke it later. The
 * revocation data is stored with the lease (encrypted) so that a restarted gateway can still revoke.
 *
 * @param credential     the credential, expiring no later than the request's {@code notAfter}
 * @param revocationData what {@link CredentialBackend#revoke} needs (a role name, a token id), no secrets
 */
public record Minted(LastMileCredential credential, Map<String, String> revocationData) {
  public Minted {
    Objects.requireNonNull(credential, "credential");
    revocationData = Map.copyOf(revocationData);
  }
}
