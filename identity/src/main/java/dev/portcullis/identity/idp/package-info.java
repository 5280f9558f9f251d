/**
 * Users' tokens from external OpenID Connect identity providers: provider configuration, discovery,
 * cached and rate-limited key sets, and the verifier that turns an access token into a
 * {@link dev.portcullis.identity.UserIdentity}.
 *
 * <p>The public surface is {@link dev.portcullis.identity.idp.OidcTokenVerifier},
 * {@link dev.portcullis.identity.idp.OidcProvider} and {@link dev.portcullis.identity.idp.KeyCachePolicy};
 * everything else is package-private.
 */
package dev.portcullis.identity.idp;
