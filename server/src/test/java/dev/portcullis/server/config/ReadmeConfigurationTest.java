package dev.portcullis.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration reference in the README is a configuration the gateway accepts, key for key. */
class ReadmeConfigurationTest {

  @Test
  void readmeConfigurationReference_bindsWithoutProblems() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## Configuration reference");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));

    GatewayConfig config = new YamlBinder().bind("README.md", yaml, GatewayConfig.class);

    assertThat(config.vault().backends()).containsOnlyKeys("shop-db", "billing-api", "partner-api", "legacy-api");
    assertThat(config.upstreams()).extracting(GatewayConfig.UpstreamConfig::name)
        .containsExactly("payments", "memory", "shop", "billing");
    assertThat(config.upstreams().get(2).sql().queries()).containsKey("orders_by_customer");
    assertThat(config.upstreams().get(3).http().openapi().operations()).containsExactly("listInvoices");
  }
}
