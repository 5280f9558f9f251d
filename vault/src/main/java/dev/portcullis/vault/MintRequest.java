package dev.portcullis.vault;

import java.time.Instant;
import java.util.Objects;

/**
 * What a credential backend is asked to mint.
 *
 * @param leaseId  the lease the credential will belong to (backends may derive names from it)
 * @param scope    whom it is for
 * @param notAfter when it must stop working at the latest; backends that can enforce this themselves
 *                 (PostgreSQL {@code VALID UNTIL}, a token's {@code exp}) do, as a backstop should the
 *                 gateway not be there to revoke it
 */
public record MintRequest(String leaseId, LeaseScope scope, Instant notAfter) {
  public MintRequest {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(notAfter, "notAfter");
  }
}
