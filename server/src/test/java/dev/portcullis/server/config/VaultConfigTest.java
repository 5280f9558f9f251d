package dev.portcullis.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The vault section: each backend kind takes its own keys, and a mistake is reported with its position. */
class VaultConfigTest {
  private final YamlBinder binder = new YamlBinder();

  private GatewayConfig bind(String yaml) {
    return binder.bind("gateway.yaml", yaml, GatewayConfig.class);
  }

  @Test
  void postgresBackend_bindsWithDefaultsForTtl() {
    var config = bind("""
        vault:
          backends:
            shop-db:
              kind: postgres
              jdbc-url: jdbc:postgresql://db:5432/shop
              admin-user: shop_admin
              admin-password-path: db/shop/admin
              member-of: [shop_reader]
        """);

    var backend = config.vault().backends().get("shop-db");
    assertThat(backend.memberOf()).containsExactly("shop_reader");
    assertThat(backend.ttl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(backend.maxTtl()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void keyOfAnotherKind_isRefusedNamingIt() {
    assertThatThrownBy(() -> bind("""
        vault:
          backends:
            legacy:
              kind: static
              secret-path: api/legacy
              client-id: oops
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("gateway.yaml:4")
        .hasMessageContaining("[client-id] do not apply to a static backend");
  }

  @Test
  void missingRequiredKeysOfTheKind_areNamed() {
    assertThatThrownBy(() -> bind("""
        vault:
          backends:
            billing:
              kind: oauth-client-credentials
              client-id: billing-api-client
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("[token-endpoint, client-secret-path]");
  }

  @Test
  void upstreamNamingAnUnknownBackend_isRefused() {
    assertThatThrownBy(() -> bind("""
        upstreams:
          - name: billing
            url: http://127.0.0.1:9000/mcp
            credential: nowhere
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("unknown credential backend 'nowhere'");
  }
}
