package dev.portcullis.identity;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A user-token verifier that knows a fixed set of tokens, standing in for the identity provider. */
final class FakeUsers implements UserTokenVerifier {
  static final String ISSUER = "https://idp.example.com/realms/acme";

  private final Map<String, UserIdentity> users = new HashMap<>();

  /** Registers a token for a user, valid until {@code expiresAt}, with an optional {@code may_act}. */
  FakeUsers add(String token, String subject, Instant expiresAt, Map<String, Object> mayAct) {
    users.put(token, new UserIdentity(ISSUER, subject, List.of("portcullis"), expiresAt, "u-" + token.hashCode(),
        mayAct, Map.of("email", subject + "@example.com")));
    return this;
  }

  /** Registers a token for a user whose token carries these RFC 9396 authorization details. */
  FakeUsers addStating(String token, String subject, Instant expiresAt, List<Object> authorizationDetails) {
    users.put(token, new UserIdentity(ISSUER, subject, List.of("portcullis"), expiresAt, "u-" + token.hashCode(),
        null, Map.of(), authorizationDetails));
    return this;
  }

  @Override
  public UserIdentity verify(String token) {
    UserIdentity user = users.get(token);
    if (user == null) throw Rejection.of("user token is not valid");
    return user;
  }
}
