package dev.portcullis.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewayConfigSectionsTest {
  private final YamlBinder binder = new YamlBinder();

  @Test
  void identitySection_bindsProvidersAndDelegationRules() {
    GatewayConfig config = binder.bind("g.yaml", """
        identity:
          allow-bearer-agent-tokens: true
          delegation-ttl: 2m
          max-delegation-depth: 3
          providers:
            - issuer: https://idp.example.com/realms/corp
              audiences: [portcullis]
          delegation:
            act-for-users:
              planner: ["*"]
            delegate-to:
              planner: [researcher, payer]
        """, GatewayConfig.class);

    var identity = config.identity();
    assertThat(identity.allowBearerAgentTokens()).isTrue();
    assertThat(identity.delegationTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(identity.maxDelegationDepth()).isEqualTo(3);
    assertThat(identity.providers()).singleElement().satisfies(p -> {
      assertThat(p.issuer()).isEqualTo("https://idp.example.com/realms/corp");
      assertThat(p.audiences()).containsExactly("portcullis");
      assertThat(p.algorithms()).contains("RS256");
    });
    assertThat(identity.delegation().actForUsers().get("planner")).containsExactly("*");
    assertThat(identity.delegation().delegateTo().get("planner")).containsExactly("researcher", "payer");
  }

  @Test
  void identityDefaults_failClosed() {
    var identity = binder.bind("g.yaml", "{}", GatewayConfig.class).identity();

    assertThat(identity.allowBearerAgentTokens()).isFalse();
    assertThat(identity.providers()).isEmpty();
    assertThat(identity.delegation().actForUsers()).isEmpty();
  }

  @Test
  void providerWithoutAudience_isRefused() {
    assertThatThrownBy(() -> binder.bind("g.yaml", """
        identity:
          providers:
            - issuer: https://idp.example.com
        """, GatewayConfig.class)).hasMessageContaining("audiences");
  }

  @Test
  void toolLabels_bindToTheRequestPathsLabels() {
    GatewayConfig config = binder.bind("g.yaml", """
        upstreams:
          - name: bank
            url: http://127.0.0.1:9000/mcp
            txn-token: true
            tool-labels:
              send_money: { consequential: true, receives: [public] }
              read_inbox: { source: untrusted, confidentiality: personal }
        """, GatewayConfig.class);

    var bank = config.upstreams().getFirst();
    assertThat(bank.txnToken()).isTrue();
    assertThat(bank.txnAudience()).isEqualTo("bank");
    var send = bank.toolLabels().get("send_money").labels();
    assertThat(send.consequential()).isTrue();
    assertThat(send.receives()).isEqualTo(Set.of("public"));
    var inbox = bank.toolLabels().get("read_inbox").labels();
    assertThat(inbox.trusted()).isFalse();
    assertThat(inbox.confidentiality()).isEqualTo("personal");
  }

  @Test
  void unknownConfidentialityClass_isRefusedAtLoad() {
    assertThatThrownBy(() -> binder.bind("g.yaml", """
        upstreams:
          - name: bank
            url: http://127.0.0.1:9000/mcp
            tool-labels:
              read_inbox: { confidentiality: topsecret }
        """, GatewayConfig.class)).hasMessageContaining("topsecret");
  }

  @Test
  void toolLabels_guardedArgumentsAndTrustedValues_areRead_andBadNamesRefused() {
    var config = binder.bind("g.yaml", """
        upstreams:
          - name: mail
            url: http://127.0.0.1:9000/mcp
            tool-labels:
              send: { consequential: true, guarded: [recipients, cc], trusted-values: ["*@example.com"] }
        """, GatewayConfig.class);

    var send = config.upstreams().getFirst().toolLabels().get("send").labels();
    assertThat(send.guarded()).isEqualTo(Set.of("recipients", "cc"));
    assertThat(send.trustedValues()).isEqualTo(Set.of("*@example.com"));
    assertThatThrownBy(() -> binder.bind("g.yaml", """
        upstreams:
          - name: mail
            url: http://127.0.0.1:9000/mcp
            tool-labels:
              send: { guarded: ["to.address"] }
        """, GatewayConfig.class)).hasMessageContaining("guarded");
  }

  @Test
  void toolLabels_parties_areRead_andAPartyWithoutValuesRefused() {
    var config = binder.bind("g.yaml", """
        upstreams:
          - name: bank
            url: http://127.0.0.1:9000/mcp
            tool-labels:
              transactions:
                parties:
                  - { name: sender_name, values: [sender, amount, date] }
                  - { name: recipient_name, values: [recipient] }
        """, GatewayConfig.class);

    var labels = config.upstreams().getFirst().toolLabels().get("transactions").labels();
    assertThat(labels.parties()).containsExactly(
        new dev.portcullis.core.ToolLabels.Party("sender_name", Set.of("sender", "amount", "date")),
        new dev.portcullis.core.ToolLabels.Party("recipient_name", Set.of("recipient")));
    assertThatThrownBy(() -> binder.bind("g.yaml", """
        upstreams:
          - name: bank
            url: http://127.0.0.1:9000/mcp
            tool-labels:
              transactions: { parties: [ { name: sender_name, values: [] } ] }
        """, GatewayConfig.class)).hasMessageContaining("at least one value field");
  }

  @Test
  void firewallActions_mustBeKnown() {
    assertThat(binder.bind("g.yaml", "firewall: { actions: { secret: redact } }", GatewayConfig.class).firewall().actions())
        .containsEntry("secret", "redact");
    assertThatThrownBy(() -> binder.bind("g.yaml", "firewall: { actions: { secret: shred } }", GatewayConfig.class))
        .hasMessageContaining("shred");
    assertThat(binder.bind("g.yaml", "{}", GatewayConfig.class).firewall().enabled()).isTrue();
    assertThat(binder.bind("g.yaml", "{}", GatewayConfig.class).firewall().phoneRegions()).isEqualTo(List.of("US", "GB", "DE", "FR"));
  }

  @Test
  void firewallHelperThreads_defaultToNoneAndAreBounded() {
    assertThat(binder.bind("g.yaml", "{}", GatewayConfig.class).firewall().helperThreads()).isZero();
    assertThat(binder.bind("g.yaml", "firewall: { helper-threads: 2 }", GatewayConfig.class).firewall().helperThreads())
        .isEqualTo(2);
    assertThatThrownBy(() -> binder.bind("g.yaml", "firewall: { helper-threads: 9 }", GatewayConfig.class))
        .hasMessageContaining("helper-threads");
    assertThatThrownBy(() -> binder.bind("g.yaml", "firewall: { helper-threads: -1 }", GatewayConfig.class))
        .hasMessageContaining("helper-threads");
  }

  @Test
  void firewallDefersAnnotationsUnlessTurnedOff() {
    assertThat(binder.bind("g.yaml", "{}", GatewayConfig.class).firewall().deferAnnotations()).isTrue();
    assertThat(binder.bind("g.yaml", "firewall: { defer-annotations: false }", GatewayConfig.class).firewall().deferAnnotations())
        .isFalse();
    assertThatThrownBy(() -> binder.bind("g.yaml", "firewall: { defer-annotations: sometimes }", GatewayConfig.class))
        .hasMessageContaining("expected true or false");
  }
}
