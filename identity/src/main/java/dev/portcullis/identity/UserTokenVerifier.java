package dev.portcullis.identity;

/**
 * Verifies a user's token from an external identity provider (the subject token of a token
 * exchange). Implementations fail closed: every refusal is a
 * {@link dev.portcullis.core.GatewayException} carrying
 * {@link dev.portcullis.core.GatewayError.Unauthenticated} with a reason that never contains the
 * token.
 */
public interface UserTokenVerifier {
  /** The user {@code token} proves. */
  UserIdentity verify(String token);
}
