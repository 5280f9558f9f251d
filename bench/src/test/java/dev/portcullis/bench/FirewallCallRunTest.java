package dev.portcullis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.server.config.GatewayConfig;
import dev.portcullis.server.config.YamlBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirewallCallRunTest {

  @Test
  void callsAGarbageCollectionPausedAreLeftOutOfTheUnpausedLatenciesAndCounted() {
    long[] nanos = {5, 7, 40, 6, 55};
    boolean[] collected = {false, false, true, false, true};

    assertThat(FirewallCallRun.Timed.unpaused(nanos, collected)).containsExactly(5, 7, 6);
    assertThat(FirewallCallRun.Timed.count(collected)).isEqualTo(2);
  }

  @Test
  void noArguments_giveTheDefaults() {
    var options = FirewallCallRun.Options.parse(new String[0]);

    assertThat(options).isEqualTo(new FirewallCallRun.Options(1000, 300, 20, 20));
  }

  @Test
  void givenOptions_areTaken() {
    var options = FirewallCallRun.Options.parse(new String[] {"--calls", "200", "--warmup", "0", "--pause-ms", "0", "--per-session", "5"});

    assertThat(options).isEqualTo(new FirewallCallRun.Options(200, 0, 0, 5));
  }

  @Test
  void unknownOptionsTooFewCallsAndNonNumbers_areRefused() {
    assertThatThrownBy(() -> FirewallCallRun.Options.parse(new String[] {"--rounds", "5"})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FirewallCallRun.Options.parse(new String[] {"--calls", "99"})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FirewallCallRun.Options.parse(new String[] {"--pause-ms", "-1"})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FirewallCallRun.Options.parse(new String[] {"--warmup", "many"})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FirewallCallRun.Options.parse(new String[] {"--calls"})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentiles_areNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) nanos[nanos.length - 1 - i] = (i + 1) * 1_000_000L;

    assertThat(FirewallCallRun.ms(nanos, 50)).isEqualTo(50.0);
    assertThat(FirewallCallRun.ms(nanos, 99)).isEqualTo(99.0);
    assertThat(FirewallCallRun.ms(new long[] {7_000_000L}, 99)).isEqualTo(7.0);
  }

  @Test
  void configurationWithTheDefence_labelsEveryToolAndEnablesTheFirewall(@TempDir Path dir) throws Exception {
    GatewayConfig config = bind(dir, true);

    assertThat(config.firewall().enabled()).isTrue();
    var labels = config.upstreams().getFirst().toolLabels();
    assertThat(labels).containsOnlyKeys("read_document", "list_tickets", "read_letter");
    assertThat(labels.get("read_document").source()).isEqualTo("untrusted");
    assertThat(labels.get("read_letter").source()).isEqualTo("untrusted");
  }

  @Test
  void configurationWithoutTheDefence_hasNoFirewallAndNoLabels(@TempDir Path dir) throws Exception {
    GatewayConfig config = bind(dir, false);

    assertThat(config.firewall().enabled()).isFalse();
    assertThat(config.upstreams().getFirst().toolLabels()).isNullOrEmpty();
  }

  private static GatewayConfig bind(Path dir, boolean defence) throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "rules: []\n");
    Path file = Files.writeString(dir.resolve("gateway.yaml"),
        FirewallCallRun.yaml(dir.resolve("data"), List.of(policy), List.of("java", "-cp", "x", "Server"), defence));
    return new YamlBinder().bind(file, GatewayConfig.class);
  }
}
