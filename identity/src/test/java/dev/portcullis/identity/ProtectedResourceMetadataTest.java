package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The RFC 9728 document and challenge built by {@link ProtectedResourceMetadata}. */
class ProtectedResourceMetadataTest {
  private static final String METADATA = "https://gw.example.com/.well-known/oauth-protected-resource/mcp";

  @Test
  void document_namesResourceIssuerAndKeys() {
    var metadata = new ProtectedResourceMetadata(TokenForge.SETTINGS, "https://gw.example.com/jwks.json", "Portcullis");

    assertThat(metadata.document())
        .containsEntry("resource", "https://gw.example.com/mcp")
        .containsEntry("authorization_servers", List.of("https://gw.example.com"))
        .containsEntry("bearer_methods_supported", List.of("header"))
        .containsEntry("jwks_uri", "https://gw.example.com/jwks.json")
        .containsEntry("resource_name", "Portcullis")
        .containsEntry("scopes_supported", List.of());
  }

  @Test
  void metadataUrl_insertsWellKnownBeforePath() {
    assertThat(ProtectedResourceMetadata.metadataUrl("https://gw.example.com/mcp")).isEqualTo(METADATA);
    assertThat(ProtectedResourceMetadata.metadataUrl("https://gw.example.com:8443"))
        .isEqualTo("https://gw.example.com:8443/.well-known/oauth-protected-resource");
  }

  @Test
  void wwwAuthenticate_withoutToken_omitsError() {
    assertThat(ProtectedResourceMetadata.wwwAuthenticate(METADATA, null, "missing bearer token"))
        .isEqualTo("Bearer resource_metadata=\"" + METADATA + "\"");
  }

  @Test
  void wwwAuthenticate_invalidToken_carriesErrorAndDescription() {
    assertThat(ProtectedResourceMetadata.wwwAuthenticate(METADATA, "invalid_token", "token has expired"))
        .isEqualTo("Bearer resource_metadata=\"" + METADATA + "\", error=\"invalid_token\", "
            + "error_description=\"token has expired\"");
  }

  @Test
  void wwwAuthenticate_quotesAndLineBreaks_cannotBreakTheHeader() {
    String header = ProtectedResourceMetadata.wwwAuthenticate(METADATA, "invalid_token",
        "agent \"x\" \\ is\r\nSet-Cookie: a=b");

    assertThat(header).endsWith("error_description=\"agent \\\"x\\\" \\\\ is??Set-Cookie: a=b\"");
    assertThat(header).doesNotContain("\r").doesNotContain("\n");
  }

  @Test
  void document_withDelegationSettings_announcesDpop() {
    var strict = new ProtectedResourceMetadata(TokenForge.SETTINGS, DelegationSettings.defaults(),
        "https://gw.example.com/jwks.json", "Portcullis");
    var lenient = new ProtectedResourceMetadata(TokenForge.SETTINGS,
        DelegationSettings.defaults().withBearerAgentTokens(true), "https://gw.example.com/jwks.json", "Portcullis");

    assertThat(strict.document())
        .containsEntry("dpop_signing_alg_values_supported", List.of("ES256", "EdDSA"))
        .containsEntry("dpop_bound_access_tokens_required", true);
    assertThat(lenient.document()).containsEntry("dpop_bound_access_tokens_required", false);
    assertThat(new ProtectedResourceMetadata(TokenForge.SETTINGS, "https://gw.example.com/jwks.json", "Portcullis")
        .document()).doesNotContainKey("dpop_bound_access_tokens_required");
  }

  @Test
  void dpopChallenge_namesAlgorithmsMetadataAndError() {
    assertThat(ProtectedResourceMetadata.dpopChallenge(METADATA, "invalid_dpop_proof", "DPoP proof is too old"))
        .isEqualTo("DPoP algs=\"ES256 EdDSA\", resource_metadata=\"" + METADATA + "\", "
            + "error=\"invalid_dpop_proof\", error_description=\"DPoP proof is too old\"");
    assertThat(ProtectedResourceMetadata.dpopChallenge(METADATA, null, null))
        .isEqualTo("DPoP algs=\"ES256 EdDSA\", resource_metadata=\"" + METADATA + "\"");
  }
}
