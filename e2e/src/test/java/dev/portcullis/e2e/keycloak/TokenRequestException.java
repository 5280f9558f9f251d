package dev.portcullis.e2e.keycloak;

/**
 * Keycloak refused a token request. The message names the grant, the client and (for the password grant) the
 * user, with Keycloak's status and error code; it never holds a password, a secret or a token.
 */
public final class TokenRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;

  TokenRequestException(String request, int status, String error, String description) {
    super("Keycloak refused the " + request + ": HTTP " + status + " " + error
        + (description.isEmpty() ? "" : " (" + description + ")"));
    this.status = status;
    this.error = error;
  }

  /** The HTTP status of Keycloak's answer. */
  public int status() { return status; }

  /** The OAuth error code of Keycloak's answer, such as {@code invalid_grant}. */
  public String error() { return error; }
}
