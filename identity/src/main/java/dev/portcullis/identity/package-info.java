/**
 * Agent identity: the signing keys Portcullis holds, the short-lived access tokens it issues to
 * registered agents, their verification on every call, and the OAuth protected-resource metadata
 * (RFC 9728) that tells agents where such tokens come from.
 *
 * <p>The public surface is {@link dev.portcullis.identity.IdentitySettings},
 * {@link dev.portcullis.identity.SigningKeys}, {@link dev.portcullis.identity.AgentTokenIssuer},
 * {@link dev.portcullis.identity.AgentTokenVerifier}, {@link dev.portcullis.identity.AuthenticateStage}
 * and {@link dev.portcullis.identity.ProtectedResourceMetadata}; everything else is package-private.
 */
package dev.portcullis.identity;
