package dev.portcullis.vault;

/**
 * A source of short-lived credentials for one backend. Backends only mint and revoke; leases, their
 * expiry, renewal, retries and persistence belong to the lease manager.
 */
public interface CredentialBackend {

  /** The backend's configured name (the first segment of its lease ids). */
  String name();

  /** The kind of backend: {@code postgres}, {@code oauth-client-credentials}, {@code jwt-assertion}, {@code static}. */
  String kind();

  /**
   * Mints a credential for one lease.
   *
   * @throws VaultException with {@link VaultException.Reason#BACKEND_FAILED} when the backend refuses or is unreachable
   */
  Minted mint(MintRequest request);

  /**
   * Makes a minted credential unusable. Idempotent: revoking something already gone succeeds.
   *
   * @param leaseId        the lease
   * @param revocationData what {@link #mint} returned
   * @throws VaultException with {@link VaultException.Reason#BACKEND_FAILED} when it could not be revoked (retried later)
   */
  void revoke(String leaseId, java.util.Map<String, String> revocationData);
}
