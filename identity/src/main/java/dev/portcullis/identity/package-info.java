/**
 * Agent identity and delegation: the keys Portcullis signs with, the credentials it issues to
 * registered agents, the token service (RFC 8693) that exchanges them for short-lived,
 * key-bound instance tokens and delegation tokens, the verification of every caller with its DPoP
 * proof (RFC 9449), the revocations in force, and the OAuth protected-resource metadata
 * (RFC 9728) that tells agents where tokens come from.
 *
 * <p>Three token types, never confused with one another: agent credentials and instance tokens
 * ({@code at+jwt}, RFC 9068; the latter with {@code cnf.jkt}), and delegation tokens
 * ({@code dlg+jwt}) carrying the user, the {@code act} chain, the RFC 9396 task grant, the
 * transaction and the one resource they are for.
 *
 * <p>The public surface: settings ({@link dev.portcullis.identity.IdentitySettings},
 * {@link dev.portcullis.identity.DelegationSettings}), {@link dev.portcullis.identity.SigningKeys},
 * {@link dev.portcullis.identity.AgentTokenIssuer}, {@link dev.portcullis.identity.IdentityContext},
 * {@link dev.portcullis.identity.TokenService} with its {@link dev.portcullis.identity.TokenRequest},
 * {@link dev.portcullis.identity.TokenResponse} and {@link dev.portcullis.identity.TokenError},
 * {@link dev.portcullis.identity.CallerVerifier}, {@link dev.portcullis.identity.AuthenticateStage},
 * {@link dev.portcullis.identity.DpopVerifier}, {@link dev.portcullis.identity.RevocationList},
 * {@link dev.portcullis.identity.DelegationRules} and
 * {@link dev.portcullis.identity.ConfiguredDelegationRules}, the user-token port
 * ({@link dev.portcullis.identity.UserTokenVerifier}, {@link dev.portcullis.identity.UserIdentity}),
 * the bearer-only {@link dev.portcullis.identity.AgentTokenVerifier}, and
 * {@link dev.portcullis.identity.ProtectedResourceMetadata}; everything else is package-private.
 */
package dev.portcullis.identity;
