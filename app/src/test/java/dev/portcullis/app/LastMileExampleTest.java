package dev.portcullis.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.policy.CelPolicyEngine;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.YamlBinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example a user copies ({@code examples/last-mile}) must stay a valid configuration and policy. */
class LastMileExampleTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "last-mile");

  @Test
  void exampleConfigurationBindsWithBothBackendsAndConnectors() {
    GatewayConfig config = new YamlBinder().bind(EXAMPLE.resolve("portcullis.yaml"), GatewayConfig.class);

    assertThat(config.vault().backends()).containsOnlyKeys("shop-db", "billing-api");
    assertThat(config.vault().backends().get("shop-db").kind()).isEqualTo("postgres");
    assertThat(config.vault().backends().get("billing-api").kind()).isEqualTo("jwt-assertion");
    assertThat(config.upstreams()).extracting(GatewayConfig.UpstreamConfig::credential).containsExactly("shop-db", "billing-api");
    assertThat(config.upstreams().get(0).sql().queries()).containsKey("orders_by_customer");
    assertThat(config.upstreams().get(1).http().tools()).containsKey("get_invoice");
  }

  @Test
  void examplePolicyHasNoProblems() throws Exception {
    String text = Files.readString(EXAMPLE.resolve("policy.yaml"), StandardCharsets.UTF_8);

    assertThat(CelPolicyEngine.check("policy.yaml", text)).isEmpty();
  }

  @Test
  void demoConfigurationTemplateBindsOnceFilledIn() throws Exception {
    String template;
    try (var in = LastMileExampleTest.class.getResourceAsStream("/demo/last-mile/portcullis.yaml")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String yaml = template.replace("{{PORT}}", "0").replace("{{ADMIN_PORT}}", "0")
        .replace("{{SHOP_JDBC_URL}}", "jdbc:postgresql://127.0.0.1:5432/shop").replace("{{BILLING_URL}}", "http://127.0.0.1:8080");

    GatewayConfig config = new YamlBinder().bind("portcullis.yaml", yaml, GatewayConfig.class);

    assertThat(yaml).doesNotContain("{{");
    assertThat(config.servers()).extracting(GatewayConfig.ServerConfig::name).containsExactly("shop");
  }
}
