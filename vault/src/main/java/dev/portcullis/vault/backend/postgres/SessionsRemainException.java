package dev.portcullis.vault.backend.postgres;

/** The role's sessions were still there when revoke stopped waiting for them to end. */
final class SessionsRemainException extends Exception {
  private static final long serialVersionUID = 1L;

  SessionsRemainException(String message) { super(message); }
}
