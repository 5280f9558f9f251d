package dev.portcullis.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.portcullis.bench.scenarios.banking.BankingSuite;
import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.YamlBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigWriterTest {
  private static final GatewayConfigWriter.Provider PROVIDER =
      new GatewayConfigWriter.Provider("http://127.0.0.1:8199", "portcullis-scenarios", "http://127.0.0.1:8199/jwks");

  @Test
  void withoutTheDefence_theFirewallIsSwitchedOffAndNoToolIsLabelled(@TempDir Path dir) throws Exception {
    GatewayConfig config = bind(dir, Defence.OFF);

    assertThat(config.firewall().enabled()).isFalse();
    assertThat(config.upstreams().getFirst().toolLabels()).isEmpty();
  }

  @Test
  void withTheDefence_theFirewallIsOnAndEveryToolIsLabelled(@TempDir Path dir) throws Exception {
    GatewayConfig config = bind(dir, Defence.ON);

    assertThat(config.firewall().enabled()).isTrue();
    assertThat(config.upstreams().getFirst().toolLabels()).containsOnlyKeys(BankingSuite.suite().labels().keySet());
    // The ledger's parties reach the gateway as declared.
    assertThat(config.upstreams().getFirst().toolLabels().get("get_most_recent_transactions").labels().parties())
        .containsExactly(new dev.portcullis.core.ToolLabels.Party("sender_name", java.util.Set.of("sender", "amount", "date")),
            new dev.portcullis.core.ToolLabels.Party("recipient_name", java.util.Set.of("recipient", "amount", "date")));
  }

  @Test
  void usersTokensComeFromTheProvider_andOnlyTheSuitesAgentActsForUsers(@TempDir Path dir) throws Exception {
    GatewayConfig config = bind(dir, Defence.OFF);

    assertThat(config.identity().allowBearerAgentTokens()).isFalse();
    assertThat(config.identity().providers()).singleElement().satisfies(p -> {
      assertThat(p.issuer()).isEqualTo(PROVIDER.issuer());
      assertThat(p.audiences()).containsExactly(PROVIDER.audience());
      assertThat(p.jwksUri()).isEqualTo(PROVIDER.jwksUri());
    });
    assertThat(config.identity().delegation().actForUsers()).containsExactly(entry("scenario-bank", List.of("*")));
  }

  private static GatewayConfig bind(Path dir, Defence defence) throws Exception {
    Suite bank = BankingSuite.suite();
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "rules: []\n");
    var upstream = new GatewayConfigWriter.Upstream(bank, List.of("java", "-cp", "x", bank.serverClass().getName()));
    Path file = Files.writeString(dir.resolve("gateway.yaml"), GatewayConfigWriter.yaml(defence, dir.resolve("data"), List.of(policy),
        PROVIDER, List.of(upstream)));
    return new YamlBinder().bind(file, GatewayConfig.class);
  }
}
