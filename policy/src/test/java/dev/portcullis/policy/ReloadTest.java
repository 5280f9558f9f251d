package dev.portcullis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.Decision.Effect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadTest {

  private static final String ALLOW_ECHO = "rules:\n  - id: echo\n    effect: allow\n    tools: [\"everything.echo\"]\n";
  private static final String DENY_ECHO = "rules:\n  - id: echo\n    effect: deny\n    tools: [\"everything.echo\"]\n";

  /** Records what the engine reports. */
  private static final class Events implements PolicyListener {
    final List<String> seen = new ArrayList<>();

    @Override
    public void reloaded(String oldVersion, String newVersion, int rules) { seen.add("reloaded " + rules); }

    @Override
    public void reloadFailed(String keptVersion, List<PolicyProblem> problems) { seen.add("failed " + problems.size()); }
  }

  @Test
  void reload_validChange_swapsSetAndVersion(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, ALLOW_ECHO);
    var events = new Events();
    var engine = CelPolicyEngine.load(List.of(dir), events);
    String before = engine.version();

    Files.writeString(file, DENY_ECHO);
    ReloadResult result = engine.reload();

    assertThat(result.applied()).isTrue();
    assertThat(result.problems()).isEmpty();
    assertThat(result.version()).isNotEqualTo(before).isEqualTo(engine.version());
    assertThat(engine.decide(Requests.call("bot", "everything.echo")).effect()).isEqualTo(Effect.DENY);
    assertThat(engine.decide(Requests.call("bot", "everything.echo")).policyVersion()).isEqualTo(result.version());
    assertThat(events.seen).containsExactly("reloaded 1");
  }

  @Test
  void reload_brokenChange_keepsOldSetAndVersion(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, ALLOW_ECHO);
    var events = new Events();
    var engine = CelPolicyEngine.load(List.of(dir), events);
    String before = engine.version();
    PolicySet set = engine.current();

    Files.writeString(dir.resolve("extra.yaml"), "rules:\n  - id: extra\n    effect: deny\n");
    Files.writeString(file, DENY_ECHO + "    when: 'agent.ownr == \"x\"'\n");
    ReloadResult result = engine.reload();

    assertThat(result.applied()).isFalse();
    assertThat(result.version()).isEqualTo(before);
    assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("ownr"));
    assertThat(engine.current()).isSameAs(set);
    assertThat(engine.version()).isEqualTo(before);
    assertThat(engine.decide(Requests.call("bot", "everything.echo")).effect()).isEqualTo(Effect.ALLOW);
    assertThat(events.seen).containsExactly("failed 1");
  }

  @Test
  void reload_fixedSetWithoutSources_isRefused() throws Exception {
    var engine = Requests.engine(ALLOW_ECHO);

    ReloadResult result = engine.reload();

    assertThat(result.applied()).isFalse();
    assertThat(result.rules()).isEqualTo(1);
  }

  @Test
  void reload_listenerThrows_reloadStillApplies(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), ALLOW_ECHO);
    var engine = CelPolicyEngine.load(List.of(dir), new PolicyListener() {
      @Override
      public void reloaded(String oldVersion, String newVersion, int rules) { throw new IllegalStateException("boom"); }
    });
    Files.writeString(dir.resolve("p.yaml"), DENY_ECHO);

    assertThat(engine.reload().applied()).isTrue();
    assertThat(engine.decide(Requests.call("bot", "everything.echo")).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void watcher_fileAndDirectorySources_watchesTheirDirectories(@TempDir Path dir) throws Exception {
    Path sub = Files.createDirectory(dir.resolve("more"));
    Files.writeString(dir.resolve("main.yaml"), ALLOW_ECHO);
    var engine = CelPolicyEngine.load(List.of(dir.resolve("main.yaml"), sub));

    try (var watcher = PolicyWatcher.start(engine, Duration.ofMillis(200))) {
      assertThat(watcher.directories()).containsExactlyInAnyOrder(dir.toAbsolutePath().normalize(),
          sub.toAbsolutePath().normalize());
    }
  }
}
