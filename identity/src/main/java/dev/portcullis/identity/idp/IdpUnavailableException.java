package dev.portcullis.identity.idp;

/**
 * An identity provider's metadata or keys could not be had: unreachable, slow, too large, not
 * JSON, or not what the configuration says. The message is a sentence of this package naming only
 * configured or provider-published URLs, fit for logs and for the reason of a refusal.
 */
final class IdpUnavailableException extends Exception {
  IdpUnavailableException(String message) {
    super(message);
  }

  IdpUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
