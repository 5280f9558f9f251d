package dev.portcullis.identity;

import dev.portcullis.core.GatewayException;
import dev.portcullis.identity.TokenError.Code;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The gateway's token endpoint (RFC 8693 token exchange), free of HTTP so that the server only
 * adapts it. Every exchange needs a DPoP proof by the key the issued token will be bound to, and
 * is one of three kinds, told apart by what is presented:
 *
 * <ul>
 *   <li><b>enrol</b> — an agent credential alone: an instance of the agent enrols (or renews, or
 *       rotates its key) and gets an instance token ({@link Enrolment});</li>
 *   <li><b>delegate</b> — a user's token from the identity provider, with an instance token as
 *       actor: the instance gets a delegation token to act for the user on one resource, for
 *       one task ({@link Delegations#delegate});</li>
 *   <li><b>narrow</b> — a delegation token, with a sub-agent's instance token as actor: the
 *       sub-agent gets a delegation token that can only be narrower ({@link Delegations#narrow}).</li>
 * </ul>
 *
 * <p>Refusals are {@link TokenError}s with the RFC error code and the facts known so far, for
 * audit; successes carry their facts in the {@link TokenResponse}. Neither ever holds a token.
 */
public final class TokenService {
  /** The grant type of token exchange. */
  public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  /** The token type of access tokens, which every token issued here is. */
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  /** The token type of JWTs, accepted for a user's token. */
  public static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";

  private final Enrolment enrolment;
  private final Delegations delegations;

  /**
   * A token service for the gateway in {@code context}.
   *
   * @param users           verifies users' tokens from the identity provider
   * @param rules           who may act for whom, and delegate to whom
   * @param servedResources the resources delegation tokens may be issued for: this gateway's MCP endpoints
   */
  public TokenService(IdentityContext context, UserTokenVerifier users, DelegationRules rules,
                      Predicate<String> servedResources) {
    Objects.requireNonNull(context, "context");
    var minter = new TokenMinter(context.settings(), context.keys());
    this.enrolment = new Enrolment(context, minter);
    this.delegations = new Delegations(context, minter, Objects.requireNonNull(users, "users"),
        Objects.requireNonNull(rules, "rules"), Objects.requireNonNull(servedResources, "servedResources"));
  }

  /**
   * Exchanges the tokens in a request for a new one.
   *
   * @throws TokenError when the request is refused
   */
  public TokenResponse exchange(TokenRequest request) {
    Objects.requireNonNull(request, "request");
    var facts = new LinkedHashMap<String, Object>();
    try {
      var form = new TokenForm(request.form());
      String grantType = form.required("grant_type");
      if (!TOKEN_EXCHANGE.equals(grantType)) {
        throw new TokenError(Code.UNSUPPORTED_GRANT_TYPE, "only token exchange (" + TOKEN_EXCHANGE + ") is supported");
      }
      String requested = form.single("requested_token_type");
      if (requested != null && !ACCESS_TOKEN_TYPE.equals(requested)) {
        throw new TokenError(Code.INVALID_REQUEST, "requested_token_type must be " + ACCESS_TOKEN_TYPE);
      }
      form.refuse("this gateway, which grants rights with authorization_details", "scope");
      if (request.dpopProof() == null || request.dpopProof().isEmpty()) {
        throw new TokenError(Code.INVALID_DPOP_PROOF, "a DPoP proof is required");
      }
      String subjectToken = form.required("subject_token");
      form.required("subject_token_type");
      if (form.single("actor_token") == null) return enrolment.enrol(form, request, facts);
      return DelegationClaims.TOKEN_TYPE.equals(unverifiedType(subjectToken))
          ? delegations.narrow(form, request, facts)
          : delegations.delegate(form, request, facts);
    } catch (TokenError e) {
      facts.put("outcome", "refused");
      throw e.withFacts(facts);
    }
  }

  /**
   * The {@code typ} a token claims, before anything about it is verified: only used to pick the
   * rules it is then verified by, which check the type again under the signature.
   */
  private static String unverifiedType(String token) {
    try {
      return CompactJws.split(token).headerJson().get("typ") instanceof String typ ? typ : null;
    } catch (GatewayException e) {
      return null;
    }
  }

  /** The response for a token issued at {@code now}, with the outcome added to the facts. */
  static TokenResponse response(IssuedToken token, Instant now, Map<String, Object> facts, String outcome) {
    facts.put("outcome", outcome);
    long expiresIn = Math.max(0, Duration.between(now, token.expiresAt()).toSeconds());
    return new TokenResponse(token.token(), ACCESS_TOKEN_TYPE, "DPoP", expiresIn, facts);
  }

  /** A refusal whose description is {@code what} followed by the verifier's fixed reason. */
  static TokenError refusal(Code code, String what, GatewayException e) {
    return new TokenError(code, what + ": " + e.error().message());
  }

  /** The earliest of some instants. */
  static Instant earliest(Instant first, Instant... others) {
    Instant earliest = first;
    for (Instant other : others) if (other.isBefore(earliest)) earliest = other;
    return earliest;
  }
}
